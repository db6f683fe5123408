package com.example.shop.catalog;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface ShirtRepository extends JpaRepository<Shirt, Long>, JpaSpecificationExecutor<Shirt> {
}
