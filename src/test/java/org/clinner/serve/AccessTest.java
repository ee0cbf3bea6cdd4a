package org.clinner.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clinner.uima.Mode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** A service started with a bearer token and one allowed browser origin. */
class AccessTest {

    private static final String TOKEN = "s3cret-token-of-the-test";
    private static final String ORIGIN = "https://inception.example.org";
    private static ServeFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = ServeFixture.start(ServeFixture.Options.defaults(Mode.RAW).withAccess(TOKEN, List.of(ORIGIN)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> annotate(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/v1/annotate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"Se realizó una biopsia.\"}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return server.send(request.build());
    }

    @Test
    void everyRouteButHealthNeedsTheToken() throws Exception {
        for (String authorization : new String[] {null, "Bearer wrong", "Bearer " + TOKEN + "x", TOKEN}) {
            HttpResponse<String> refused = annotate(authorization);
            assertEquals(401, refused.statusCode(), authorization);
            assertEquals("Bearer", refused.headers().firstValue("WWW-Authenticate").orElse(""));
            assertTrue(refused.body().startsWith("{\"error\":\"unauthorized\""), refused.body());
        }
        assertEquals(200, annotate("Bearer " + TOKEN).statusCode());
        assertEquals(401, server.send(HttpRequest.newBuilder(server.uri("/metrics")).build()).statusCode());
        assertEquals(200, server.send(HttpRequest.newBuilder(server.uri("/health")).build()).statusCode());
    }

    @Test
    void theConfiguredOriginAloneMayCallFromABrowser() throws Exception {
        HttpResponse<String> preflight = server.send(HttpRequest.newBuilder(server.uri("/v1/annotate"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").build());
        assertTrue(preflight.statusCode() < 300, "preflight answered " + preflight.statusCode());
        assertEquals(ORIGIN, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        HttpResponse<String> allowed = server.send(server.request("/v1/model").header("Origin", ORIGIN).build());
        assertEquals(ORIGIN, allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        HttpResponse<String> other = server.send(server.request("/v1/model").header("Origin", "https://evil.example")
                .build());
        assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), other.headers().toString());
    }
}
