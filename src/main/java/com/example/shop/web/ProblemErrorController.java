package com.example.shop.web;

import java.net.URI;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * Errors raised outside Spring MVC's handlers reach the servlet container's error page: requests
 * the security firewall rejects ({@code //}, {@code ;} or encoded dots in the path), methods the
 * container refuses (TRACE), and any exception nothing else handled. Boot's default answer there is
 * its own JSON or an HTML page; this one answers the same RFC 9457 problem JSON as every other
 * error, whatever the client accepts, and never the exception or a stack trace.
 * <p>
 * Only the container's error dispatch has an error to tell of. Asked for directly, {@code /error}
 * is a path like any other the shop does not serve: 404, not the 500 an error page without an
 * error would otherwise say.
 */
@Hidden
@RestController
@RequestMapping("${server.error.path:${error.path:/error}}")
class ProblemErrorController implements ErrorController {

    @RequestMapping
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        HttpStatus status = request.getDispatcherType() == DispatcherType.ERROR ? status(request) : HttpStatus.NOT_FOUND;
        ProblemDetail problem = Problems.ofStatus(status.value());
        Object uri = request.getDispatcherType() == DispatcherType.ERROR
                ? request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) : request.getRequestURI();
        if (uri instanceof String path) {
            try {
                problem.setInstance(URI.create(path));
            }
            catch (IllegalArgumentException ex) {
                // A path the firewall rejected need not be a valid URI; the problem does without it.
            }
        }
        // Preset, so that the answer is problem JSON even to a client that accepts only HTML.
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static HttpStatus status(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code) {
            HttpStatus status = HttpStatus.resolve(code);
            if (status != null && status.isError()) {
                return status;
            }
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

}
