package org.icsmap.uploadurl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * What S3 does with a pre-signed URL and S3Mock does not: check the SigV4 query signature and the expiry. An
 * in-process HTTP front that, for each request, rebuilds the request as the client sent it (method, path, the
 * headers the URL says it signed, the query without the signature), signs it again with the AWS SDK's own
 * SigV4 signer at the URL's own signing time, and compares signatures; then checks X-Amz-Date + X-Amz-Expires
 * against its clock. Good requests go on to S3Mock unchanged (which checks {@code x-amz-checksum-sha256}
 * against the body); bad ones get S3's 403 error codes. The clock can be moved on to test expiry.
 */
final class SigV4VerifyingProxy implements AutoCloseable {

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    /** Headers java.net.http sets itself and will not take from us. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI target;
    private final String accessKey;
    private final String secretKey;
    private final AtomicReference<Duration> clockOffset = new AtomicReference<>(Duration.ZERO);
    private final List<String> refusals = new ArrayList<>();

    SigV4VerifyingProxy(URI target, String accessKey, String secretKey) throws IOException {
        this.target = target;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Moves the proxy's clock (the one S3 would judge expiry by) on from the real time. */
    void advanceClock(Duration by) {
        clockOffset.set(by);
    }

    /** The S3 error code of every refused request, in order. */
    synchronized List<String> refusals() {
        return List.copyOf(refusals);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
        client.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String refusal = verify(exchange);
            if (refusal != null) {
                synchronized (this) {
                    refusals.add(refusal);
                }
                byte[] error = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + refusal + "</Code></Error>").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(403, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            forward(exchange, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Null if the request is signed and in date; otherwise S3's error code for it. */
    private String verify(HttpExchange exchange) {
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        String signature = query.remove("X-Amz-Signature");
        String date = query.remove("X-Amz-Date");
        String expires = query.remove("X-Amz-Expires");
        String signedHeaders = query.remove("X-Amz-SignedHeaders");
        String credential = query.remove("X-Amz-Credential");
        query.remove("X-Amz-Algorithm");
        if (signature == null || date == null || expires == null || signedHeaders == null || credential == null) {
            return "AccessDenied";
        }
        Instant signedAt = LocalDateTime.parse(date, AMZ_DATE).toInstant(ZoneOffset.UTC);
        Duration validFor = Duration.ofSeconds(Long.parseLong(expires));
        if (validFor.compareTo(Duration.ofDays(7)) > 0) {
            return "AuthorizationQueryParametersError";
        }
        if (Instant.now().plus(clockOffset.get()).isAfter(signedAt.plus(validFor))) {
            return "AccessDenied"; // S3: "Request has expired"
        }
        String[] scope = credential.split("/"); // <key>/<date>/<region>/<service>/aws4_request
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(exchange.getRequestMethod()))
                .protocol("http")
                .host("127.0.0.1")
                .port(server.getAddress().getPort())
                .encodedPath(exchange.getRequestURI().getRawPath());
        query.forEach(request::appendRawQueryParameter);
        for (String name : signedHeaders.split(";")) {
            if (name.equals("host")) {
                continue; // the signer derives Host from host and port
            }
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value == null) {
                return "SignatureDoesNotMatch"; // a signed header was not sent
            }
            request.putHeader(name, value);
        }
        SignedRequest resigned = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKey, secretKey))
                .request(request.build())
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, scope[3])
                .putProperty(AwsV4HttpSigner.REGION_NAME, scope[2])
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, validFor)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
        boolean sameHeaders = resigned.request().firstMatchingRawQueryParameter("X-Amz-SignedHeaders").orElse("").equals(signedHeaders);
        boolean sameSignature = resigned.request().firstMatchingRawQueryParameter("X-Amz-Signature").orElse("").equals(signature);
        return sameHeaders && sameSignature ? null : "SignatureDoesNotMatch";
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        URI uri = URI.create(target + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(uri).method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> forwarded.header(name, value));
            }
        });
        HttpResponse<byte[]> response = client.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.headers().map().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("transfer-encoding") && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
