package com.example.shop.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Subquery;
import jakarta.persistence.criteria.Root;
import org.jspecify.annotations.Nullable;
import org.springframework.data.jpa.domain.Specification;

/**
 * The filters of {@code GET /shirts}; every one is optional, and all given ones must hold.
 *
 * @param color the color, ignoring case
 * @param sizes shirts offered in every one of these sizes
 * @param q text contained in the name or the description, ignoring case
 * @param minPrice lowest price, inclusive
 * @param maxPrice highest price, inclusive
 */
public record ShirtSearch(@Nullable String color, Set<ShirtSize> sizes, @Nullable String q, @Nullable BigDecimal minPrice,
        @Nullable BigDecimal maxPrice) {

    public static ShirtSearch all() {
        return new ShirtSearch(null, Set.of(), null, null, null);
    }

    Specification<Shirt> toSpecification() {
        return (root, query, cb) -> {
            List<Predicate> predicates = new ArrayList<>();
            if (color != null && !color.isBlank()) {
                predicates.add(cb.equal(cb.lower(root.get("color")), color.strip().toLowerCase(Locale.ROOT)));
            }
            for (ShirtSize size : sizes) {
                // One EXISTS per size keeps a row per shirt (a join would repeat shirts and break paging).
                Subquery<Long> offered = query.subquery(Long.class);
                Root<Shirt> same = offered.from(Shirt.class);
                offered.select(same.get("id"))
                    .where(cb.equal(same.get("id"), root.get("id")), cb.equal(same.join("sizes"), size));
                predicates.add(cb.exists(offered));
            }
            if (q != null && !q.isBlank()) {
                String pattern = "%" + escapeLike(q.strip().toLowerCase(Locale.ROOT)) + "%";
                predicates.add(cb.or(cb.like(cb.lower(root.get("name")), pattern, '\\'),
                        cb.like(cb.lower(root.get("description")), pattern, '\\')));
            }
            if (minPrice != null) {
                predicates.add(cb.greaterThanOrEqualTo(root.get("price"), minPrice));
            }
            if (maxPrice != null) {
                predicates.add(cb.lessThanOrEqualTo(root.get("price"), maxPrice));
            }
            return cb.and(predicates.toArray(Predicate[]::new));
        };
    }

    /**
     * The same filter in memory, for {@link CatalogSnapshots}: what {@link #toSpecification()} asks
     * of the database, asked of one shirt. Colors are ASCII letters, so lower case is the same on
     * both sides; a text is matched literally, like the escaped LIKE pattern.
     */
    boolean matches(ShirtView shirt) {
        if (color != null && !color.isBlank()
                && !shirt.color().toLowerCase(Locale.ROOT).equals(color.strip().toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (!shirt.sizes().containsAll(sizes)) {
            return false;
        }
        if (q != null && !q.isBlank()) {
            String text = q.strip().toLowerCase(Locale.ROOT);
            String description = shirt.description();
            if (!shirt.name().toLowerCase(Locale.ROOT).contains(text)
                    && (description == null || !description.toLowerCase(Locale.ROOT).contains(text))) {
                return false;
            }
        }
        if (minPrice != null && shirt.price().compareTo(minPrice) < 0) {
            return false;
        }
        return maxPrice == null || shirt.price().compareTo(maxPrice) <= 0;
    }

    // A shopper searching for "100%" means the characters, not a wildcard.
    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

}
