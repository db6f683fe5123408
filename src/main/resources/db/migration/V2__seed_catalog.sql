-- A first catalog, so a newcomer sees real shirts at once: the three of the REST-versus-WebSocket
-- articles (Basic, Advanced, Luxury) and a few more. Seeding is not a change: the sequence stays at 0.

INSERT INTO shirt (name, color, price, description, created_at, updated_at, version)
VALUES ('Basic', 'white', 19.99, 'The everyday tee: soft cotton, regular fit.', TIMESTAMP WITH TIME ZONE '2026-01-01 09:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-01 09:00:00+00', 0);
INSERT INTO shirt_size (shirt_id, size) VALUES ((SELECT id FROM shirt WHERE name = 'Basic'), 'XS'), ((SELECT id FROM shirt WHERE name = 'Basic'), 'S'), ((SELECT id FROM shirt WHERE name = 'Basic'), 'M'), ((SELECT id FROM shirt WHERE name = 'Basic'), 'L'), ((SELECT id FROM shirt WHERE name = 'Basic'), 'XL'), ((SELECT id FROM shirt WHERE name = 'Basic'), 'XXL');

INSERT INTO shirt (name, color, price, description, created_at, updated_at, version)
VALUES ('Advanced', 'blue', 29.99, 'Heavier cotton with a reinforced collar that keeps its shape.', TIMESTAMP WITH TIME ZONE '2026-01-02 09:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-02 09:00:00+00', 0);
INSERT INTO shirt_size (shirt_id, size) VALUES ((SELECT id FROM shirt WHERE name = 'Advanced'), 'S'), ((SELECT id FROM shirt WHERE name = 'Advanced'), 'M'), ((SELECT id FROM shirt WHERE name = 'Advanced'), 'L'), ((SELECT id FROM shirt WHERE name = 'Advanced'), 'XL');

INSERT INTO shirt (name, color, price, description, created_at, updated_at, version)
VALUES ('Luxury', 'black', 59.00, 'Long-staple organic cotton, garment-dyed for a deep black.', TIMESTAMP WITH TIME ZONE '2026-01-03 09:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-03 09:00:00+00', 0);
INSERT INTO shirt_size (shirt_id, size) VALUES ((SELECT id FROM shirt WHERE name = 'Luxury'), 'S'), ((SELECT id FROM shirt WHERE name = 'Luxury'), 'M'), ((SELECT id FROM shirt WHERE name = 'Luxury'), 'L');

INSERT INTO shirt (name, color, price, description, created_at, updated_at, version)
VALUES ('Vintage', 'red', 24.50, 'Washed for a worn-in look and feel from the first day.', TIMESTAMP WITH TIME ZONE '2026-01-04 09:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-04 09:00:00+00', 0);
INSERT INTO shirt_size (shirt_id, size) VALUES ((SELECT id FROM shirt WHERE name = 'Vintage'), 'M'), ((SELECT id FROM shirt WHERE name = 'Vintage'), 'L'), ((SELECT id FROM shirt WHERE name = 'Vintage'), 'XL');

INSERT INTO shirt (name, color, price, description, created_at, updated_at, version)
VALUES ('Striped', 'navy', 27.00, 'Breton stripes on a midweight knit.', TIMESTAMP WITH TIME ZONE '2026-01-05 09:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-05 09:00:00+00', 0);
INSERT INTO shirt_size (shirt_id, size) VALUES ((SELECT id FROM shirt WHERE name = 'Striped'), 'XS'), ((SELECT id FROM shirt WHERE name = 'Striped'), 'S'), ((SELECT id FROM shirt WHERE name = 'Striped'), 'M'), ((SELECT id FROM shirt WHERE name = 'Striped'), 'L');

INSERT INTO shirt (name, color, price, description, created_at, updated_at, version)
VALUES ('Trail', 'green', 34.90, 'Quick-drying merino blend for long days outside.', TIMESTAMP WITH TIME ZONE '2026-01-06 09:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-06 09:00:00+00', 0);
INSERT INTO shirt_size (shirt_id, size) VALUES ((SELECT id FROM shirt WHERE name = 'Trail'), 'S'), ((SELECT id FROM shirt WHERE name = 'Trail'), 'M'), ((SELECT id FROM shirt WHERE name = 'Trail'), 'L'), ((SELECT id FROM shirt WHERE name = 'Trail'), 'XL'), ((SELECT id FROM shirt WHERE name = 'Trail'), 'XXL');

INSERT INTO shirt (name, color, price, description, created_at, updated_at, version)
VALUES ('Pocket', 'grey', 22.00, 'A chest pocket and a relaxed fit.', TIMESTAMP WITH TIME ZONE '2026-01-07 09:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-07 09:00:00+00', 0);
INSERT INTO shirt_size (shirt_id, size) VALUES ((SELECT id FROM shirt WHERE name = 'Pocket'), 'S'), ((SELECT id FROM shirt WHERE name = 'Pocket'), 'M'), ((SELECT id FROM shirt WHERE name = 'Pocket'), 'L'), ((SELECT id FROM shirt WHERE name = 'Pocket'), 'XL');

INSERT INTO shirt (name, color, price, description, created_at, updated_at, version)
VALUES ('Linen', 'beige', 39.00, 'Breathable linen for hot summer days.', TIMESTAMP WITH TIME ZONE '2026-01-08 09:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-08 09:00:00+00', 0);
INSERT INTO shirt_size (shirt_id, size) VALUES ((SELECT id FROM shirt WHERE name = 'Linen'), 'M'), ((SELECT id FROM shirt WHERE name = 'Linen'), 'L'), ((SELECT id FROM shirt WHERE name = 'Linen'), 'XL');
