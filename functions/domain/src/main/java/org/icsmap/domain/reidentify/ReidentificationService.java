package org.icsmap.domain.reidentify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.icsmap.domain.access.Caller;
import org.icsmap.domain.audit.TimeOrderedIds;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.Purpose;
import org.icsmap.domain.config.RecipientRole;
import org.icsmap.domain.port.KeyService;
import org.icsmap.domain.port.ObjectStore;
import org.icsmap.domain.reidentify.ReidentificationAnswer.Answered;
import org.icsmap.domain.reidentify.ReidentificationAnswer.Identified;
import org.icsmap.domain.reidentify.ReidentificationAnswer.Reason;
import org.icsmap.domain.reidentify.ReidentificationAnswer.Refused;
import org.icsmap.domain.vault.Vault;

/**
 * Re-identification for the caring organisation: a cohort of pseudonyms in, the NHS numbers that organisation
 * itself sent for them out, and an append-only audit record of every request, refused ones included.
 *
 * <ul>
 *   <li><b>Only the caller's own vault is read</b> ({@code vault/provider=<caller>/}), and its data keys are
 *       decrypted with the caller's organisation in the key-service encryption context, so even a bug here
 *       could not open another organisation's vault: KMS refuses the context.</li>
 *   <li><b>The answer reveals nothing about other organisations.</b> It depends on the caller's vault alone: a
 *       pseudonym another organisation knows and one nobody knows are both just "not found", with the same
 *       work done for each, since no other vault is ever looked at.</li>
 *   <li><b>Audit first, answer second.</b> The record (time, caller, organisation, purpose, the pseudonyms asked,
 *       how many asked and returned; never an NHS number) is written create-only under
 *       {@code audit/reidentify/org=<ODS>/date=<YYYY-MM-DD>/<request-id>.json} before any NHS number leaves; if it
 *       cannot be written, nothing is returned. Strings that are not pseudonyms are counted but not recorded:
 *       someone may paste an NHS number by mistake.</li>
 * </ul>
 */
public final class ReidentificationService {

    public static final int MAX_PSEUDONYMS = 100;
    public static final String AUDIT_PREFIX = "audit/reidentify/";
    public static final String AUDIT_FORMAT = "icsmap-reidentify-audit/1";
    /** The organisation segment of a request from a caller who acts for none. */
    public static final String UNKNOWN_ORGANISATION = "unknown";

    private static final Pattern PSEUDONYM = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PRINTABLE_PURPOSE = Pattern.compile("[A-Za-z0-9_ -]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IcsConfig config;
    private final ObjectStore vault;
    private final ObjectStore audit;
    private final KeyService keys;
    private final Clock clock;
    private final TimeOrderedIds ids;

    /**
     * @param vault the store holding the {@code vault/} zone
     * @param audit the store holding the {@code audit/} zone
     */
    public ReidentificationService(IcsConfig config, ObjectStore vault, ObjectStore audit, KeyService keys, Clock clock) {
        this.config = Objects.requireNonNull(config);
        this.vault = Objects.requireNonNull(vault);
        this.audit = Objects.requireNonNull(audit);
        this.keys = Objects.requireNonNull(keys);
        this.clock = Objects.requireNonNull(clock);
        this.ids = new TimeOrderedIds(clock);
    }

    /** The purposes the ICS's agreements give re-identification for an organisation. */
    public Set<Purpose> agreedPurposes(String organisation) {
        Set<Purpose> purposes = new TreeSet<>();
        config.agreements().stream()
                .filter(a -> a.recipients().contains(RecipientRole.REIDENTIFICATION))
                .filter(a -> a.coversAllProviders() || a.providers().contains(organisation))
                .forEach(a -> purposes.add(a.purpose()));
        return purposes;
    }

    /**
     * Answers or refuses the request; either way its audit record has been written when this returns. Throws
     * (with the record written as {@code FAILED} when possible) if storage or the key service fails.
     */
    public ReidentificationAnswer reidentify(Caller caller, ReidentificationRequest request) throws IOException {
        String requestId = ids.next();
        AuditRecord record = new AuditRecord(requestId, caller, request);
        Optional<Refused> refusal = check(requestId, caller, request, record);
        if (refusal.isPresent()) {
            record.refused(refusal.get());
            write(record);
            return refusal.get();
        }
        String organisation = caller.organisation().orElseThrow();
        Answered answer;
        try {
            answer = lookUp(requestId, organisation, record.pseudonyms, record);
        } catch (IOException | RuntimeException e) {
            record.failed(e);
            write(record);
            throw e;
        }
        record.answered(answer);
        write(record);
        return answer;
    }

    private Optional<Refused> check(String requestId, Caller caller, ReidentificationRequest request, AuditRecord record) {
        if (caller.organisation().isEmpty()) {
            return refuse(requestId, Reason.UNKNOWN_CALLER, "your identity is not one of this ICS's re-identification roles");
        }
        String organisation = caller.organisation().get();
        if (!config.isOrganisation(organisation)) {
            // Refused before the organisation names any key: the record is filed under org=unknown, without the value.
            return refuse(requestId, Reason.ORGANISATION_UNKNOWN, "the organisation you act for is not one of ICS " + config.code()
                    + "'s providers (an ODS code from its config)");
        }
        if (request.purpose() == null || request.purpose().isBlank() || request.pseudonyms() == null) {
            return refuse(requestId, Reason.MISSING_FIELD, "a request needs pseudonyms (a list) and a purpose");
        }
        Set<Purpose> agreed = agreedPurposes(organisation);
        List<String> agreedIds = agreed.stream().map(p -> p.name().toLowerCase(Locale.ROOT)).toList();
        Optional<Purpose> purpose = Arrays.stream(Purpose.values()).filter(p -> p.name().equalsIgnoreCase(request.purpose().strip())).findFirst();
        if (purpose.isEmpty() || !agreed.contains(purpose.get())) {
            return refuse(requestId, Reason.PURPOSE_NOT_AGREED, "purpose '" + record.purpose + "' is not one ICS " + config.code()
                    + " has agreed for re-identification by " + organisation + "; agreed: " + (agreedIds.isEmpty() ? "none" : String.join(", ", agreedIds)));
        }
        if (request.pseudonyms().isEmpty()) {
            return refuse(requestId, Reason.NO_PSEUDONYMS, "pseudonyms is empty: ask for 1 to " + MAX_PSEUDONYMS);
        }
        if (request.pseudonyms().size() > MAX_PSEUDONYMS) {
            return refuse(requestId, Reason.TOO_MANY_PSEUDONYMS, request.pseudonyms().size() + " pseudonyms asked; at most " + MAX_PSEUDONYMS
                    + " per request");
        }
        if (record.malformed > 0) {
            return refuse(requestId, Reason.PSEUDONYM_MALFORMED, record.malformed + " of " + request.pseudonyms().size()
                    + " pseudonyms are not person_id values (64 hex digits, as in your organisation's outputs); the first is at position "
                    + (record.firstMalformed + 1));
        }
        return Optional.empty();
    }

    private static Optional<Refused> refuse(String requestId, Reason reason, String message) {
        return Optional.of(new Refused(requestId, reason, message));
    }

    /** Looks the pseudonyms up in the organisation's own vault files, decrypting each file's data key at most once. */
    private Answered lookUp(String requestId, String organisation, List<String> pseudonyms, AuditRecord record) throws IOException {
        Map<String, String> context = Vault.encryptionContext(config.code(), organisation);
        AtomicInteger decryptions = new AtomicInteger();
        KeyService counting = new KeyService() {
            @Override
            public byte[] pseudonymisationKey(String label) {
                throw new UnsupportedOperationException("re-identification never derives the pseudonymisation key");
            }

            @Override
            public DataKey generateDataKey(Map<String, String> encryptionContext) {
                throw new UnsupportedOperationException("re-identification never makes data keys");
            }

            @Override
            public byte[] decryptDataKey(byte[] encryptedKey, Map<String, String> encryptionContext) {
                decryptions.incrementAndGet();
                return keys.decryptDataKey(encryptedKey, encryptionContext);
            }
        };
        Set<String> remaining = new LinkedHashSet<>(pseudonyms);
        Map<String, String> found = new HashMap<>();
        int files = 0;
        for (ObjectStore.StoredObject file : vault.list(Vault.providerPrefix(organisation))) {
            if (remaining.isEmpty()) {
                break;
            }
            files++;
            try (InputStream in = vault.open(file.key())) {
                Map<String, String> inFile = Vault.lookup(counting, context, in, remaining);
                found.putAll(inFile);
                remaining.removeAll(inFile.keySet());
            }
        }
        record.vaultFilesRead = files;
        record.keyServiceCalls = decryptions.get();
        List<Identified> identified = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        for (String pseudonym : pseudonyms) {
            String nhsNumber = found.get(pseudonym);
            if (nhsNumber == null) {
                notFound.add(pseudonym);
            } else {
                identified.add(new Identified(pseudonym, nhsNumber));
            }
        }
        return new Answered(requestId, identified, notFound);
    }

    private void write(AuditRecord record) throws IOException {
        String key = AUDIT_PREFIX + "org=" + record.organisation + "/date=" + LocalDate.ofInstant(record.time, ZoneOffset.UTC) + "/"
                + record.requestId + ".json";
        if (!audit.putIfAbsent(key, JSON.writeValueAsBytes(record.toJson()), Map.of())) {
            throw new IllegalStateException("an audit record already exists at " + key + ": request ids must never repeat");
        }
    }

    /** One request's audit record, filled in as the request is handled. */
    private final class AuditRecord {
        final String requestId;
        final java.time.Instant time = clock.instant();
        final String principal;
        final String organisation;
        final String purpose;
        final int asked;
        /** The distinct well-formed pseudonyms asked, in order (lower case). */
        final List<String> pseudonyms;
        final int malformed;
        final int firstMalformed;
        String outcome;
        String reason;
        int returned;
        int vaultFilesRead;
        int keyServiceCalls;

        AuditRecord(String requestId, Caller caller, ReidentificationRequest request) {
            this.requestId = requestId;
            this.principal = caller.principal();
            // The organisation becomes a key segment: only an organisation of the config may, anything else is filed as unknown.
            this.organisation = caller.organisation().filter(config::isOrganisation).orElse(UNKNOWN_ORGANISATION);
            // A purpose is free text from the caller: only a short, plain one is recorded as sent.
            this.purpose = request.purpose() == null ? null
                    : PRINTABLE_PURPOSE.matcher(request.purpose().strip()).matches() ? request.purpose().strip() : "(not a purpose name)";
            List<String> asked = request.pseudonyms() == null ? List.of() : request.pseudonyms();
            this.asked = asked.size();
            Set<String> wellFormed = new LinkedHashSet<>();
            int bad = 0;
            int first = -1;
            for (int i = 0; i < asked.size(); i++) {
                String p = asked.get(i) == null ? "" : asked.get(i).strip().toLowerCase(Locale.ROOT);
                if (PSEUDONYM.matcher(p).matches()) {
                    wellFormed.add(p);
                } else {
                    bad++;
                    first = first < 0 ? i : first;
                }
            }
            this.pseudonyms = List.copyOf(wellFormed);
            this.malformed = bad;
            this.firstMalformed = first;
        }

        void refused(Refused refusal) {
            outcome = "REFUSED";
            reason = refusal.reason().name();
        }

        void answered(Answered answer) {
            outcome = "ANSWERED";
            returned = answer.identified().size();
        }

        void failed(Exception e) {
            outcome = "FAILED";
            reason = e.getClass().getSimpleName();
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("format", AUDIT_FORMAT);
            json.put("request_id", requestId);
            json.put("time", time.toString());
            json.put("principal", principal);
            json.put("organisation", organisation);
            json.put("purpose", purpose);
            json.put("outcome", outcome);
            json.put("reason", reason);
            json.put("count_asked", asked);
            json.put("count_malformed", malformed);
            json.put("count_returned", returned);
            json.put("pseudonyms_asked", pseudonyms);
            json.put("vault_files_read", vaultFilesRead);
            json.put("key_service_calls", keyServiceCalls);
            return json;
        }
    }
}
