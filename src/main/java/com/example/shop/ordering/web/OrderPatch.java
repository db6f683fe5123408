package com.example.shop.ordering.web;

import org.jspecify.annotations.Nullable;

import com.example.shop.ordering.OrderStatus;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What {@code PATCH /orders/{id}} documents as its body. The controller reads the body as a tree,
 * to tell a missing {@code status} from one that is not a status; without this record the
 * document would describe the tree's Java getters ({@code valueNode}, {@code bigInteger}, …).
 */
@Schema(name = "OrderPatch")
record OrderPatch(@Schema(example = "PAID") @Nullable OrderStatus status) {
}
