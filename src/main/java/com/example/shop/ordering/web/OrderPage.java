package com.example.shop.ordering.web;

import java.util.List;

import org.springframework.data.domain.Page;

import com.example.shop.ordering.Order;

/** The answer of {@code GET /orders}: one page, with the paging of {@code GET /shirts}. */
record OrderPage(List<OrderResponse> orders, PageMetadata page) {

    record PageMetadata(int number, int size, long totalElements, int totalPages) {
    }

    static OrderPage of(Page<Order> page) {
        return new OrderPage(page.getContent().stream().map(OrderResponse::of).toList(),
                new PageMetadata(page.getNumber(), page.getSize(), page.getTotalElements(), page.getTotalPages()));
    }

}
