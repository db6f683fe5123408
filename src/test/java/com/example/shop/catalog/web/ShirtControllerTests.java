package com.example.shop.catalog.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.example.shop.catalog.Catalog;
import com.example.shop.catalog.CatalogSnapshotProperties;
import com.example.shop.catalog.ExpectedVersion;
import com.example.shop.catalog.IdempotencyKeyReusedException;
import com.example.shop.catalog.ShirtDetails;
import com.example.shop.catalog.ShirtNotFoundException;
import com.example.shop.catalog.ShirtSearch;
import com.example.shop.catalog.ShirtView;
import com.example.shop.catalog.ShirtSize;
import com.example.shop.catalog.VersionConflictException;
import com.example.shop.security.ShopSecurity;
import com.example.shop.web.ApiProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The HTTP side of {@code /shirts} alone: how parameters, headers and bodies become calls of
 * {@link Catalog} (a mock here; the real one is exercised end to end in {@link ShirtApiTests}),
 * and how answers and exceptions become status codes, ETags and problems. Runs with the shop's
 * real security and problem advice.
 */
// A context of its own: a web slice with the catalog mocked (see above), not the whole shop.
@WebMvcTest(ShirtController.class)
@Import({ ShopSecurity.class, ListAnswers.class })
@EnableConfigurationProperties({ CatalogSnapshotProperties.class, ApiProperties.class })
// The slice reads no test profile, so it is given an admin password. No answers kept: each test
// here gives the mocked catalog its own answers for the same seqs.
@org.springframework.test.context.TestPropertySource(properties = { "shop.admin.password=" + ShirtControllerTests.PASSWORD,
        "shop.catalog.snapshot.answer-cache-size=0" })
class ShirtControllerTests {

    static final String PASSWORD = "slice-secret";

    private static final Instant CREATED = Instant.parse("2026-02-01T10:00:00Z");

    private static final String VALID = """
            {"name": "Basic", "color": "white", "sizes": ["S", "M"], "price": 19.99, "description": "Soft"}""";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    Catalog catalog;

    // --- GET /shirts ---------------------------------------------------------------------------

    @Test
    void listPassesEveryFilterPageAndSortToTheCatalog() throws Exception {
        givenSearchAnswers(7, shirt(1, 0));

        mvc.perform(get("/shirts").param("color", "white").param("sizes", "M").param("sizes", "XL")
                .param("q", "cotton").param("minPrice", "10").param("maxPrice", "50.5")
                .param("page", "2").param("size", "5").param("sort", "price,desc").param("sort", "name"))
            .andExpect(status().isOk())
            .andExpect(header().string(HttpHeaders.ETAG, "\"catalog-7\""))
            .andExpect(header().string(HttpHeaders.CACHE_CONTROL, "no-cache"))
            .andExpect(jsonPath("$.shirts", hasSize(1)))
            .andExpect(jsonPath("$.shirts[0].name").value("Basic"))
            .andExpect(jsonPath("$.shirts[0].price").value(19.99))
            .andExpect(jsonPath("$.shirts[0].currency").value("EUR"))
            .andExpect(jsonPath("$.page.number").value(2))
            .andExpect(jsonPath("$.page.size").value(5))
            .andExpect(jsonPath("$.page.totalElements").value(11))
            .andExpect(jsonPath("$.page.totalPages").value(3))
            .andExpect(jsonPath("$.seq").value(7));

        ArgumentCaptor<ShirtSearch> search = ArgumentCaptor.forClass(ShirtSearch.class);
        ArgumentCaptor<Pageable> pageable = ArgumentCaptor.forClass(Pageable.class);
        verify(catalog).search(search.capture(), pageable.capture());
        assertThat(search.getValue()).isEqualTo(new ShirtSearch("white", Set.of(ShirtSize.M, ShirtSize.XL), "cotton",
                new BigDecimal("10"), new BigDecimal("50.5")));
        assertThat(pageable.getValue().getPageNumber()).isEqualTo(2);
        assertThat(pageable.getValue().getPageSize()).isEqualTo(5);
        assertThat(pageable.getValue().getSort())
            .isEqualTo(Sort.by(Sort.Order.desc("price"), Sort.Order.asc("name"), Sort.Order.asc("id")));
    }

    @Test
    void listDefaultsToTheFirstPageOfTwentyOldestFirst() throws Exception {
        givenSearchAnswers(0);
        mvc.perform(get("/shirts")).andExpect(status().isOk()).andExpect(jsonPath("$.shirts", hasSize(0)));

        ArgumentCaptor<Pageable> pageable = ArgumentCaptor.forClass(Pageable.class);
        verify(catalog).search(eq(ShirtSearch.all()), pageable.capture());
        assertThat(pageable.getValue())
            .isEqualTo(PageRequest.of(0, 20, Sort.by(Sort.Order.asc("createdAt"), Sort.Order.asc("id"))));
    }

    @Test
    void sizesMayAlsoBeCommaSeparated() throws Exception {
        givenSearchAnswers(0);
        mvc.perform(get("/shirts?sizes=S,XXL")).andExpect(status().isOk());
        verify(catalog).search(eq(new ShirtSearch(null, Set.of(ShirtSize.S, ShirtSize.XXL), null, null, null)), any());
    }

    @Test
    void anEmptySizeAsksForNoSize() throws Exception {
        givenSearchAnswers(0);
        mvc.perform(get("/shirts?sizes=M&sizes=")).andExpect(status().isOk());
        mvc.perform(get("/shirts?sizes=,M")).andExpect(status().isOk());
        verify(catalog, times(2)).search(eq(new ShirtSearch(null, Set.of(ShirtSize.M), null, null, null)), any());
        mvc.perform(get("/shirts?sizes=")).andExpect(status().isOk());
        verify(catalog).search(eq(ShirtSearch.all()), any());
    }

    @Test
    void pageSizeOverOneHundredIsAClearBadRequest() throws Exception {
        problem(mvc.perform(get("/shirts?size=101")), 400)
            .andExpect(jsonPath("$.detail", containsString("size must be less than or equal to 100")))
            .andExpect(jsonPath("$.errors", hasSize(1)))
            .andExpect(jsonPath("$.errors[0].field").value("size"));
        problem(mvc.perform(get("/shirts?size=0")), 400).andExpect(jsonPath("$.errors[0].field").value("size"));
        problem(mvc.perform(get("/shirts?page=-1")), 400).andExpect(jsonPath("$.errors[0].field").value("page"));
        verify(catalog, never()).search(any(), any());
    }

    @Test
    void pageAndSizeLimitsAreInclusive() throws Exception {
        givenSearchAnswers(0);
        mvc.perform(get("/shirts?size=1")).andExpect(status().isOk());
        mvc.perform(get("/shirts?size=100&page=1000000")).andExpect(status().isOk());
        ArgumentCaptor<Pageable> pageable = ArgumentCaptor.forClass(Pageable.class);
        verify(catalog, times(2)).search(any(), pageable.capture());
        assertThat(pageable.getAllValues()).extracting(Pageable::getPageSize, Pageable::getPageNumber)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 0), org.assertj.core.groups.Tuple.tuple(100, 1_000_000));
        problem(mvc.perform(get("/shirts?page=1000001")), 400).andExpect(jsonPath("$.errors[0].field").value("page"));
    }

    @Test
    void everyInvalidParameterIsListed() throws Exception {
        problem(mvc.perform(get("/shirts?size=101&page=-1&minPrice=-2")), 400)
            .andExpect(jsonPath("$.errors", hasSize(3)))
            .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("size", "page", "minPrice")));
    }

    @Test
    void wrongParameterTypesAreBadRequestsNamingTheParameter() throws Exception {
        problem(mvc.perform(get("/shirts?size=abc")), 400)
            .andExpect(jsonPath("$.errors[0].field").value("size"))
            .andExpect(jsonPath("$.errors[0].detail").value("'abc' is not a number"));
        problem(mvc.perform(get("/shirts?sizes=XXXL")), 400)
            .andExpect(jsonPath("$.errors[0].field").value("sizes"))
            .andExpect(jsonPath("$.errors[0].detail").value("'XXXL' is not one of [XS, S, M, L, XL, XXL]"));
        problem(mvc.perform(get("/shirts?maxPrice=cheap")), 400).andExpect(jsonPath("$.errors[0].field").value("maxPrice"));
        verify(catalog, never()).search(any(), any());
    }

    @Test
    void aWrongValueOfARepeatedParameterIsNamedItself() throws Exception {
        problem(mvc.perform(get("/shirts?sizes=M&sizes=XXXL")), 400)
            .andExpect(jsonPath("$.errors[0].field").value("sizes"))
            .andExpect(jsonPath("$.errors[0].detail").value("'XXXL' is not one of [XS, S, M, L, XL, XXL]"))
            .andExpect(content().string(not(containsString("[Ljava"))));
        problem(mvc.perform(get("/shirts?sizes=M,XXXL")), 400)
            .andExpect(jsonPath("$.errors[0].detail").value("'XXXL' is not one of [XS, S, M, L, XL, XXL]"));
        problem(mvc.perform(get("/shirts?page=x&page=2")), 400)
            .andExpect(jsonPath("$.errors[0].field").value("page"))
            .andExpect(jsonPath("$.errors[0].detail").value("'x,2' is not a number"));
        verify(catalog, never()).search(any(), any());
    }

    @Test
    void unknownSortFieldOrDirectionIsABadRequest() throws Exception {
        for (String sort : List.of("color", "price,up", "price,desc,name", "", "id")) {
            problem(mvc.perform(get("/shirts").param("sort", sort)), 400)
                .andExpect(jsonPath("$.errors[0].field").value("sort"))
                // An error is no representation of the list: it must not carry the list's ETag.
                .andExpect(header().doesNotExist(HttpHeaders.ETAG));
        }
        verify(catalog, never()).search(any(), any());
    }

    @Test
    void moreSortKeysThanShopApiMaxSortKeysIsABadRequestNamingSort() throws Exception {
        givenSearchAnswers(0);
        mvc.perform(get("/shirts").param("sort", "price,desc", "name", "createdAt")).andExpect(status().isOk());
        problem(mvc.perform(get("/shirts").param("sort", "price,desc", "name", "createdAt", "name,desc")), 400)
            .andExpect(jsonPath("$.errors[0].field").value("sort"))
            .andExpect(jsonPath("$.errors[0].detail").value("at most 3 keys, not 4"))
            .andExpect(header().doesNotExist(HttpHeaders.ETAG));
        verify(catalog, times(1)).search(any(), any());
    }

    @Test
    void sortAcceptsEveryAllowedFieldAndDirection() throws Exception {
        givenSearchAnswers(0);
        for (String sort : List.of("name", "name,asc", "price,DESC", "createdAt,desc")) {
            mvc.perform(get("/shirts").param("sort", sort)).andExpect(status().isOk());
        }
    }

    @Test
    void minPriceAboveMaxPriceIsABadRequest() throws Exception {
        problem(mvc.perform(get("/shirts?minPrice=30&maxPrice=10")), 400)
            .andExpect(jsonPath("$.detail", containsString("minPrice")));
        verify(catalog, never()).search(any(), any());
    }

    @Test
    void pricesTheDatabaseCannotHoldAreBadRequestsNotServerErrors() throws Exception {
        // Each of these once reached the database and failed there with a 500.
        for (String price : List.of("1e999999999", "1e-999999999", "123456789012", "0.001")) {
            problem(mvc.perform(get("/shirts").param("minPrice", price)), 400)
                .andExpect(jsonPath("$.errors[0].field").value("minPrice"));
            problem(mvc.perform(get("/shirts").param("maxPrice", price)), 400)
                .andExpect(jsonPath("$.errors[0].field").value("maxPrice"));
        }
        verify(catalog, never()).search(any(), any());
    }

    @Test
    void textFiltersHaveALengthLimit() throws Exception {
        problem(mvc.perform(get("/shirts").param("q", "x".repeat(101))), 400).andExpect(jsonPath("$.errors[0].field").value("q"));
        problem(mvc.perform(get("/shirts").param("color", "x".repeat(31))), 400).andExpect(jsonPath("$.errors[0].field").value("color"));
    }

    @Test
    void listAnswersNotModifiedWhileTheCatalogSeqIsUnchanged() throws Exception {
        given(catalog.currentSeq()).willReturn(7L);
        mvc.perform(get("/shirts").header(HttpHeaders.IF_NONE_MATCH, "\"catalog-7\""))
            .andExpect(status().isNotModified())
            .andExpect(header().string(HttpHeaders.ETAG, "\"catalog-7\""))
            .andExpect(content().string(""));
        verify(catalog, never()).search(any(), any());

        givenSearchAnswers(8, shirt(1, 0));
        given(catalog.currentSeq()).willReturn(8L);
        mvc.perform(get("/shirts").header(HttpHeaders.IF_NONE_MATCH, "\"catalog-7\""))
            .andExpect(status().isOk())
            .andExpect(header().string(HttpHeaders.ETAG, "\"catalog-8\""));
    }

    // --- GET /shirts/{id} ----------------------------------------------------------------------

    @Test
    void getAnswersTheShirtWithItsVersionAsETag() throws Exception {
        given(catalog.find(5)).willReturn(java.util.Optional.of(shirt(5, 3)));
        mvc.perform(get("/shirts/5"))
            .andExpect(status().isOk())
            .andExpect(content().contentType(MediaType.APPLICATION_JSON))
            .andExpect(header().string(HttpHeaders.ETAG, "\"3\""))
            .andExpect(jsonPath("$.id").value(5))
            .andExpect(jsonPath("$.sizes").value(org.hamcrest.Matchers.contains("S", "M")))
            .andExpect(jsonPath("$.version").value(3))
            .andExpect(jsonPath("$.createdAt").value("2026-02-01T10:00:00Z"));
    }

    @Test
    void getAnswersNotModifiedForTheCurrentETagOnly() throws Exception {
        given(catalog.find(5)).willReturn(java.util.Optional.of(shirt(5, 3)));
        mvc.perform(get("/shirts/5").header(HttpHeaders.IF_NONE_MATCH, "\"3\""))
            .andExpect(status().isNotModified())
            .andExpect(header().string(HttpHeaders.ETAG, "\"3\""))
            .andExpect(content().string(""));
        // If-None-Match compares weakly (RFC 9110, 13.1.2).
        mvc.perform(get("/shirts/5").header(HttpHeaders.IF_NONE_MATCH, "W/\"3\"")).andExpect(status().isNotModified());
        mvc.perform(get("/shirts/5").header(HttpHeaders.IF_NONE_MATCH, "\"1\", \"3\"")).andExpect(status().isNotModified());
        mvc.perform(get("/shirts/5").header(HttpHeaders.IF_NONE_MATCH, "\"2\"")).andExpect(status().isOk());
    }

    @Test
    void unknownShirtIsNotFound() throws Exception {
        given(catalog.find(anyLong())).willReturn(java.util.Optional.empty());
        problem(mvc.perform(get("/shirts/404")), 404)
            .andExpect(jsonPath("$.title").value("Shirt not found"))
            .andExpect(jsonPath("$.instance").value("/shirts/404"));
    }

    @Test
    void idThatIsNoNumberIsABadRequest() throws Exception {
        problem(mvc.perform(get("/shirts/abc")), 400).andExpect(jsonPath("$.errors[0].field").value("id"));
        problem(mvc.perform(get("/shirts/99999999999999999999")), 400).andExpect(jsonPath("$.errors[0].field").value("id"));
        verifyNoInteractions(catalog);
    }

    @Test
    void onlyJsonIsOffered() throws Exception {
        problem(mvc.perform(get("/shirts/1").accept(MediaType.APPLICATION_XML)), 406);
        problem(mvc.perform(get("/shirts").accept(MediaType.TEXT_HTML)), 406);
        verifyNoInteractions(catalog);
    }

    // --- POST /shirts --------------------------------------------------------------------------

    @Test
    void createAnswersCreatedWithLocationETagAndTheShirt() throws Exception {
        given(catalog.create(any(), any())).willReturn(new Catalog.Created(shirt(12, 0), false));

        mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON).content(VALID))
            .andExpect(status().isCreated())
            .andExpect(header().string(HttpHeaders.LOCATION, "http://localhost/shirts/12"))
            .andExpect(header().string(HttpHeaders.ETAG, "\"0\""))
            .andExpect(header().doesNotExist("Idempotent-Replayed"))
            .andExpect(jsonPath("$.id").value(12));

        verify(catalog).create(new ShirtDetails("Basic", "white", Set.of(ShirtSize.S, ShirtSize.M), new BigDecimal("19.99"), "Soft"), null);
    }

    @Test
    void theLocationOfANewShirtIsItsOwnAddressWhateverTheQueryString() throws Exception {
        given(catalog.create(any(), any())).willReturn(new Catalog.Created(shirt(12, 0), false));
        mvc.perform(admin(post("/shirts?note=x")).contentType(MediaType.APPLICATION_JSON).content(VALID))
            .andExpect(status().isCreated())
            .andExpect(header().string(HttpHeaders.LOCATION, "http://localhost/shirts/12"));
    }

    @Test
    void createPassesTheIdempotencyKeyAndMarksAReplay() throws Exception {
        given(catalog.create(any(), eq("key-1"))).willReturn(new Catalog.Created(shirt(12, 0), true));
        mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "key-1").content(VALID))
            .andExpect(status().isCreated())
            .andExpect(header().string("Idempotent-Replayed", "true"))
            .andExpect(jsonPath("$.id").value(12));
    }

    @Test
    void idempotencyKeyReusedForAnotherBodyIsUnprocessable() throws Exception {
        given(catalog.create(any(), eq("key-1"))).willThrow(new IdempotencyKeyReusedException("key-1", 12));
        problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "key-1").content(VALID)), 422)
            .andExpect(jsonPath("$.shirtId").value(12));
    }

    @Test
    void idempotencyKeyMustBeOneTo255Characters() throws Exception {
        problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "k".repeat(256)).content(VALID)), 400)
            .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"));
        problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "").content(VALID)), 400)
            .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"));
        verifyNoInteractions(catalog);
    }

    @Test
    void invalidShirtListsEveryInvalidFieldOnce() throws Exception {
        String invalid = """
                {"name": "", "color": "#fff", "sizes": [], "price": 0, "description": "%s"}""".formatted("d".repeat(2001));
        problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON).content(invalid)), 400)
            .andExpect(jsonPath("$.errors", hasSize(5)))
            .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("name", "color", "sizes", "price", "description")))
            .andExpect(jsonPath("$.errors[?(@.field == 'price')].pointer").value("#/price"));
        verifyNoInteractions(catalog);
    }

    @Test
    void aFieldBreakingTwoRulesIsListedOnce() throws Exception {
        // An empty color is blank and no color name; an empty q... is fine, but a long one with NUL breaks two rules.
        problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON).content(VALID.replace("\"white\"", "\"\""))), 400)
            .andExpect(jsonPath("$.errors", hasSize(1)))
            .andExpect(jsonPath("$.errors[0].field").value("color"))
            .andExpect(jsonPath("$.errors[0].detail", containsString("must not be blank")))
            .andExpect(jsonPath("$.errors[0].detail", containsString("color name")));
        problem(mvc.perform(get("/shirts").param("q", "\u0000".repeat(101))), 400)
            .andExpect(jsonPath("$.errors", hasSize(1)))
            .andExpect(jsonPath("$.errors[0].field").value("q"));
        verifyNoInteractions(catalog);
    }

    @Test
    void missingFieldsAreListedToo() throws Exception {
        problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON).content("{}")), 400)
            .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("name", "color", "sizes", "price")));
        verifyNoInteractions(catalog);
    }

    @Test
    void priceHasAtMostTwoFractionDigitsAndIsNeverRounded() throws Exception {
        for (String price : List.of("19.999", "0.001", "19.9999999999999999", "123456789.00", "-1")) {
            problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON)
                .content(VALID.replace("19.99", price))), 400)
                .andExpect(jsonPath("$.errors[0].field").value("price"));
        }
        verifyNoInteractions(catalog);
    }

    @Test
    void nameMayHaveAHundredCharactersNotMore() throws Exception {
        given(catalog.create(any(), any())).willReturn(new Catalog.Created(shirt(1, 0), false));
        mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON)
            .content(VALID.replace("\"Basic\"", "\"" + "n".repeat(100) + "\""))).andExpect(status().isCreated());
        problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON)
            .content(VALID.replace("\"Basic\"", "\"" + "n".repeat(101) + "\""))), 400)
            .andExpect(jsonPath("$.errors[0].field").value("name"));
    }

    @Test
    void controlCharactersAreRefusedBecausePostgresCannotStoreThem() throws Exception {
        problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON)
                .content(VALID.replace("\"Basic\"", "\"Ba\\u0000sic\"").replace("\"Soft\"", "\"So\\u0000ft\""))), 400)
            .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("name", "description")));
        problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON)
                .content(VALID.replace("\"Basic\"", "\"Two\\nlines\""))), 400)
            .andExpect(jsonPath("$.errors[0].field").value("name"));
        problem(mvc.perform(get("/shirts").param("q", "a\u0000")), 400).andExpect(jsonPath("$.errors[0].field").value("q"));
        problem(mvc.perform(get("/shirts").param("color", "\u0000")), 400).andExpect(jsonPath("$.errors[0].field").value("color"));
        verifyNoInteractions(catalog);
    }

    @Test
    void aDescriptionMayHaveLineBreaksAndTabs() throws Exception {
        given(catalog.create(any(), any())).willReturn(new Catalog.Created(shirt(1, 0), false));
        mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON)
                .content(VALID.replace("\"Soft\"", "\"Soft,\\n\\tand light\\r\\n\"")))
            .andExpect(status().isCreated());
        ArgumentCaptor<ShirtDetails> request = ArgumentCaptor.forClass(ShirtDetails.class);
        verify(catalog).create(request.capture(), isNull());
        assertThat(request.getValue().description()).isEqualTo("Soft,\n\tand light");
    }

    @Test
    void malformedJsonIsABadRequestSayingWhere() throws Exception {
        problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON).content("{\"name\": ")), 400)
            .andExpect(jsonPath("$.title").value("Malformed JSON"))
            .andExpect(jsonPath("$.detail", containsString("line 1")));
        problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON).content("")), 400);
        problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON).content("[1, 2]")), 400);
        verifyNoInteractions(catalog);
    }

    @Test
    void wrongTypesAreBadRequestsPointingAtTheField() throws Exception {
        problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON).content(VALID.replace("19.99", "\"cheap\""))), 400)
            .andExpect(jsonPath("$.errors[0].field").value("price"))
            .andExpect(jsonPath("$.errors[0].pointer").value("#/price"))
            .andExpect(jsonPath("$.errors[0].detail").value("'cheap' is not a number"));
        problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON).content(VALID.replace("\"M\"", "\"XXXL\""))), 400)
            // RFC 6901: array elements are addressed as /sizes/1, not sizes[1].
            .andExpect(jsonPath("$.errors[0].pointer").value("#/sizes/1"))
            .andExpect(jsonPath("$.errors[0].detail").value("'XXXL' is not one of [XS, S, M, L, XL, XXL]"));
        problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON).content(VALID.replace("[\"S\", \"M\"]", "\"M\""))), 400)
            .andExpect(jsonPath("$.errors[0].field").value("sizes"));
        verifyNoInteractions(catalog);
    }

    @Test
    void otherMediaTypesAreUnsupported() throws Exception {
        problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.TEXT_PLAIN).content(VALID)), 415);
        problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_XML).content("<shirt/>")), 415);
        problem(mvc.perform(admin(post("/shirts")).contentType(MediaType.APPLICATION_JSON).accept(MediaType.TEXT_PLAIN).content(VALID)), 406);
        verifyNoInteractions(catalog);
    }

    @Test
    void unsupportedMethodsAreNotAllowed() throws Exception {
        problem(mvc.perform(admin(delete("/shirts"))), 405).andExpect(header().exists(HttpHeaders.ALLOW));
        problem(mvc.perform(admin(post("/shirts/1")).contentType(MediaType.APPLICATION_JSON).content(VALID)), 405);
        verifyNoInteractions(catalog);
    }

    // --- PUT, PATCH, DELETE --------------------------------------------------------------------

    @Test
    void replacePassesIfMatchAndTheNewShirt() throws Exception {
        given(catalog.update(eq(5L), eq(ExpectedVersion.of(3)), any())).willAnswer(call -> {
            Function<ShirtView, ShirtDetails> change = call.getArgument(2);
            return view(5, 4, change.apply(shirt(5, 3)));
        });
        mvc.perform(admin(put("/shirts/5")).contentType(MediaType.APPLICATION_JSON).header(HttpHeaders.IF_MATCH, "\"3\"")
                .content(VALID.replace("Basic", "Renamed").replace(", \"description\": \"Soft\"", "")))
            .andExpect(status().isOk())
            .andExpect(header().string(HttpHeaders.ETAG, "\"4\""))
            .andExpect(jsonPath("$.name").value("Renamed"))
            // PUT replaces: a field left out is gone, not kept.
            .andExpect(jsonPath("$.description").doesNotExist());
    }

    @Test
    void staleIfMatchIsPreconditionFailedWithTheCurrentETag() throws Exception {
        given(catalog.update(eq(5L), eq(ExpectedVersion.of(2)), any())).willThrow(new VersionConflictException(5, 3));
        given(catalog.delete(5L, ExpectedVersion.of(2))).willThrow(new VersionConflictException(5, 3));
        for (var request : List.of(
                put("/shirts/5").contentType(MediaType.APPLICATION_JSON).content(VALID),
                patch("/shirts/5").contentType("application/merge-patch+json").content("{\"name\": \"X\"}"),
                delete("/shirts/5"))) {
            problem(mvc.perform(admin(request).header(HttpHeaders.IF_MATCH, "\"2\"")), 412)
                .andExpect(header().string(HttpHeaders.ETAG, "\"3\""))
                .andExpect(jsonPath("$.currentEtag").value("\"3\""));
        }
    }

    @Test
    void writesToAnUnknownShirtAreNotFound() throws Exception {
        given(catalog.update(eq(9L), any(), any())).willThrow(new ShirtNotFoundException(9));
        given(catalog.delete(eq(9L), any())).willThrow(new ShirtNotFoundException(9));
        problem(mvc.perform(admin(put("/shirts/9")).contentType(MediaType.APPLICATION_JSON).content(VALID)), 404);
        problem(mvc.perform(admin(patch("/shirts/9")).contentType("application/merge-patch+json").content("{}")), 404);
        problem(mvc.perform(admin(delete("/shirts/9"))), 404);
    }

    @Test
    void replaceValidatesLikeCreate() throws Exception {
        problem(mvc.perform(admin(put("/shirts/5")).contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"X\"}")), 400)
            .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("color", "sizes", "price")));
        verifyNoInteractions(catalog);
    }

    @Test
    void mergePatchReplacesGivenFieldsKeepsTheOthersAndNullRemoves() throws Exception {
        ShirtDetails merged = mergePatch("""
                {"name": "Renamed", "sizes": ["XL"], "description": null, "id": 99, "version": 42}""");
        // Arrays are replaced, not merged (RFC 7396); read-only fields are ignored.
        assertThat(merged).isEqualTo(new ShirtDetails("Renamed", "white", Set.of(ShirtSize.XL), new BigDecimal("19.99"), null));
        assertThat(mergePatch("{}")).isEqualTo(ShirtDetails.of(shirt(5, 3)));
        assertThat(mergePatch("{\"price\": 21.5}").price()).isEqualByComparingTo("21.50");
    }

    @Test
    void mergePatchAnswersTheStoredShirtWithItsNewETag() throws Exception {
        given(catalog.update(eq(5L), eq(ExpectedVersion.ANY), any())).willAnswer(call -> {
            Function<ShirtView, ShirtDetails> change = call.getArgument(2);
            return view(5, 4, change.apply(shirt(5, 3)));
        });
        mvc.perform(admin(patch("/shirts/5")).contentType("application/merge-patch+json").content("{\"color\": \"red\"}"))
            .andExpect(status().isOk())
            .andExpect(header().string(HttpHeaders.ETAG, "\"4\""))
            .andExpect(jsonPath("$.color").value("red"))
            .andExpect(jsonPath("$.name").value("Basic"));
    }

    @Test
    void mergePatchWhoseResultIsInvalidIsABadRequestPerField() throws Exception {
        givenUpdateAppliesTheChangeTo(shirt(5, 3));
        problem(mvc.perform(admin(patch("/shirts/5")).contentType("application/merge-patch+json")
                .content("{\"name\": null, \"sizes\": [], \"price\": 19.999}")), 400)
            .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("name", "sizes", "price")));
        problem(mvc.perform(admin(patch("/shirts/5")).contentType("application/merge-patch+json").content("{\"price\": \"cheap\"}")), 400)
            .andExpect(jsonPath("$.errors[0].field").value("price"));
        problem(mvc.perform(admin(patch("/shirts/5")).contentType("application/merge-patch+json").content("{\"sizes\": [\"XXXL\"]}")), 400)
            .andExpect(jsonPath("$.errors[0].pointer").value("#/sizes/0"));
    }

    @Test
    void mergePatchPriceIsReadAsADecimalNotAFloatingPointNumber() throws Exception {
        givenUpdateAppliesTheChangeTo(shirt(5, 3));
        // As a double this is 20.0 and would pass; as the decimal it is, it has too many digits.
        problem(mvc.perform(admin(patch("/shirts/5")).contentType("application/merge-patch+json")
                .content("{\"price\": 19.9999999999999999}")), 400)
            .andExpect(jsonPath("$.errors[0].field").value("price"));
        mvc.perform(admin(patch("/shirts/5")).contentType("application/merge-patch+json").content("{\"price\": 12345678.99}"))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.price").value(12345678.99));
    }

    @Test
    void mergePatchMustBeAnObjectInTheMergePatchMediaType() throws Exception {
        problem(mvc.perform(admin(patch("/shirts/5")).contentType("application/merge-patch+json").content("[]")), 400);
        problem(mvc.perform(admin(patch("/shirts/5")).contentType("application/merge-patch+json").content("\"name\"")), 400);
        problem(mvc.perform(admin(patch("/shirts/5")).contentType("application/merge-patch+json").content("{\"name\": ")), 400)
            .andExpect(jsonPath("$.title").value("Malformed JSON"));
        problem(mvc.perform(admin(patch("/shirts/5")).contentType(MediaType.APPLICATION_JSON).content("{}")), 415)
            .andExpect(header().string("Accept-Patch", "application/merge-patch+json"));
        verifyNoInteractions(catalog);
    }

    @Test
    void deleteAnswersNoContentAndPassesIfMatch() throws Exception {
        given(catalog.delete(5L, ExpectedVersion.of(3))).willReturn(shirt(5, 3));
        mvc.perform(admin(delete("/shirts/5")).header(HttpHeaders.IF_MATCH, "\"3\""))
            .andExpect(status().isNoContent())
            .andExpect(content().string(""));
        verify(catalog).delete(5L, ExpectedVersion.of(3));
    }

    // --- security -------------------------------------------------------------------------------

    @Test
    void writesWithoutTheAdminAreUnauthorizedProblems() throws Exception {
        for (var request : List.of(post("/shirts").contentType(MediaType.APPLICATION_JSON).content(VALID),
                put("/shirts/5").contentType(MediaType.APPLICATION_JSON).content(VALID),
                patch("/shirts/5").contentType("application/merge-patch+json").content("{}"), delete("/shirts/5"))) {
            problem(mvc.perform(request), 401).andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"shop\""));
            problem(mvc.perform(request.with(httpBasic("admin", "wrong"))), 401);
        }
        verifyNoInteractions(catalog);
    }

    @Test
    void readsArePublic() throws Exception {
        givenSearchAnswers(0);
        mvc.perform(get("/shirts")).andExpect(status().isOk());
    }

    @Test
    void aBrowserWriteWithoutTheCsrfTokenIsAForbiddenProblem() throws Exception {
        problem(mvc.perform(admin(post("/shirts")).header(HttpHeaders.COOKIE, "JSESSIONID=abc")
                .contentType(MediaType.APPLICATION_JSON).content(VALID)), 403)
            .andExpect(jsonPath("$.title").value("CSRF token missing or invalid"));
        verifyNoInteractions(catalog);
    }

    // --- helpers --------------------------------------------------------------------------------

    private ShirtDetails mergePatch(String patch) throws Exception {
        ArgumentCaptor<Function<ShirtView, ShirtDetails>> change = ArgumentCaptor.captor();
        given(catalog.update(eq(5L), any(), change.capture())).willReturn(shirt(5, 4));
        mvc.perform(admin(patch("/shirts/5")).contentType("application/merge-patch+json").content(patch))
            .andExpect(status().isOk());
        return change.getValue().apply(shirt(5, 3));
    }

    private void givenUpdateAppliesTheChangeTo(ShirtView current) {
        given(catalog.update(eq(current.id()), any(), any())).willAnswer(call -> {
            Function<ShirtView, ShirtDetails> change = call.getArgument(2);
            return view(current.id(), current.version() + 1, change.apply(current));
        });
    }

    private void givenSearchAnswers(long seq, ShirtView... shirts) {
        given(catalog.currentSeq()).willReturn(seq);
        given(catalog.search(any(), any())).willAnswer(call -> {
            Pageable pageable = call.getArgument(1);
            return new Catalog.Snapshot(new PageImpl<>(List.of(shirts), pageable, 11), seq);
        });
    }

    private static MockHttpServletRequestBuilder admin(MockHttpServletRequestBuilder request) {
        return request.with(httpBasic("admin", PASSWORD));
    }

    private static ResultActions problem(ResultActions result, int status) throws Exception {
        return result.andExpect(status().is(status))
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(status))
            .andExpect(jsonPath("$.title").isString())
            .andExpect(content().string(not(containsString("Exception"))));
    }

    static ShirtView shirt(long id, long version) {
        return new ShirtView(id, "Basic", "white", new TreeSet<>(Set.of(ShirtSize.S, ShirtSize.M)), new BigDecimal("19.99"), "EUR",
                "Soft", CREATED, CREATED, version);
    }

    private static ShirtView view(long id, long version, ShirtDetails request) {
        return new ShirtView(id, request.name(), request.color(), new TreeSet<>(request.sizes()), request.price(), "EUR",
                request.description(), CREATED, CREATED, version);
    }

}
