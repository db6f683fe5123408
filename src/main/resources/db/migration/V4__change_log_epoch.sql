-- The change log's epoch: a random id, made once per database. A seq names a change only together
-- with its epoch: a client that resumes with a seq of another epoch (another database, or this one
-- reset) is told to reload instead of being sent changes that are not the ones it missed. Whoever
-- restores the database from a backup gives it a new epoch with the UPDATE below.
-- Written in the SQL that H2 and PostgreSQL share: random() is in both.
ALTER TABLE catalog_sequence ADD COLUMN epoch VARCHAR(32);

UPDATE catalog_sequence
   SET epoch = LPAD(CAST(CAST(FLOOR(random() * 100000000) AS BIGINT) AS VARCHAR(8)), 8, '0')
            || LPAD(CAST(CAST(FLOOR(random() * 100000000) AS BIGINT) AS VARCHAR(8)), 8, '0');

ALTER TABLE catalog_sequence ALTER COLUMN epoch SET NOT NULL;
