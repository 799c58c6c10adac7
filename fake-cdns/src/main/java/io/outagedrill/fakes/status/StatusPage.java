package io.outagedrill.fakes.status;

import io.outagedrill.fakes.status.StatusDocuments.Incident;
import io.outagedrill.fakes.status.StatusDocuments.IncidentUpdate;
import io.outagedrill.fakes.status.StatusDocuments.IncidentsDocument;
import io.outagedrill.fakes.status.StatusDocuments.Page;
import io.outagedrill.fakes.status.StatusDocuments.Status;
import io.outagedrill.fakes.status.StatusDocuments.StatusDocument;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One provider's status page (Atlassian Statuspage, as Cloudflare, Fastly and others run): its state is set
 * from Java while an outage is replayed, and {@link StatusPageServer} serves it as Statuspage's API v2
 * JSON. Real pages lag the outage; a scenario decides when (and whether) to call these, so a client or
 * operator that trusts the status page can be shown being wrong.
 *
 * <p>Incidents are named; calling {@link #degraded} or {@link #majorOutage} with the name of an open
 * incident changes its impact (with an update saying so) instead of opening a second one. Timestamps come
 * from the injected {@link Clock}; ids are derived from the host name and a counter, so runs reproduce.
 * Thread-safe.
 */
public final class StatusPage {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String hostname;
    private final String id;
    private final String name;
    private final String url;
    private final Clock clock;
    private final List<Entry> incidents = new ArrayList<>();
    private Instant updatedAt;
    private long nextId = 1;
    /** How long the page takes to answer ({@link #answerAfter}); zero for at once. */
    private volatile Duration answerDelay = Duration.ZERO;

    /** An incident as it changes; turned into an immutable {@link Incident} for every read. */
    private static final class Entry {
        final String id;
        final String name;
        final Instant createdAt;
        final List<IncidentUpdate> updates = new ArrayList<>();
        IncidentStatus status = IncidentStatus.INVESTIGATING;
        Impact impact;
        Instant updatedAt;
        Instant monitoringAt;
        Instant resolvedAt;

        Entry(String id, String name, Impact impact, Instant at) {
            this.id = id;
            this.name = name;
            this.impact = impact;
            this.createdAt = at;
            this.updatedAt = at;
        }
    }

    /**
     * @param hostname where the page is served, e.g. {@code status.cloudflare.test}; also its URL and id seed
     * @param name     the page's display name, e.g. {@code Cloudflare}
     * @param clock    stamps {@code updated_at}, {@code created_at} and the rest
     */
    public StatusPage(String hostname, String name, Clock clock) {
        this.hostname = Objects.requireNonNull(hostname, "hostname").toLowerCase(Locale.ROOT);
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.id = idFor(this.hostname);
        this.url = "http://" + this.hostname;
        this.updatedAt = clock.instant();
    }

    public String hostname() {
        return hostname;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** All systems operational: every open incident resolved. Same as {@link #resolve()}. */
    public StatusPage operational() {
        return resolve();
    }

    /** Opens (or lowers/raises to minor) incident {@code incident}: indicator at least {@code minor}. */
    public StatusPage degraded(String incident) {
        return incident(incident, Impact.MINOR);
    }

    /** Opens (or raises to major) incident {@code incident}: indicator at least {@code major}. */
    public StatusPage majorOutage(String incident) {
        return incident(incident, Impact.MAJOR);
    }

    /** Opens incident {@code incident} with {@code impact}, or sets the impact of the open one of that name. */
    public synchronized StatusPage incident(String incident, Impact impact) {
        Objects.requireNonNull(incident, "incident");
        Objects.requireNonNull(impact, "impact");
        Instant now = clock.instant();
        Entry open = open(incident);
        if (open == null) {
            Entry entry = new Entry(newId("incident"), incident, impact, now);
            entry.updates.addFirst(newUpdate(entry, IncidentStatus.INVESTIGATING,
                    "We are investigating reports of " + incident + ".", now));
            incidents.add(entry);
        } else if (open.impact != impact) {
            open.impact = impact;
            open.updatedAt = now;
            open.updates.addFirst(newUpdate(open, open.status, "Impact is now " + impact.json() + ".", now));
        }
        updatedAt = now;
        return this;
    }

    /** Moves open incident {@code incident} to {@code status} with an update saying {@code body}. */
    public synchronized StatusPage update(String incident, IncidentStatus status, String body) {
        Entry open = open(incident);
        if (open == null) {
            throw new IllegalStateException(hostname + ": no unresolved incident named \"" + incident + "\"");
        }
        Instant now = clock.instant();
        transition(open, status, body, now);
        updatedAt = now;
        return this;
    }

    /**
     * Makes the page answer each request {@code delay} late (zero: at once): a status page is often slowest in the
     * very incident it reports, when everyone reads it at once.
     */
    public StatusPage answerAfter(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
        answerDelay = delay;
        return this;
    }

    /** How long the page takes to answer a request ({@link #answerAfter}). */
    public Duration answerDelay() {
        return answerDelay;
    }

    /** Resolves every open incident: the indicator goes back to {@code none}. */
    public synchronized StatusPage resolve() {
        Instant now = clock.instant();
        for (Entry entry : incidents) {
            if (entry.status != IncidentStatus.RESOLVED) {
                transition(entry, IncidentStatus.RESOLVED, "This incident has been resolved.", now);
            }
        }
        updatedAt = now;
        return this;
    }

    private void transition(Entry entry, IncidentStatus status, String body, Instant now) {
        entry.status = status;
        entry.updatedAt = now;
        if (status == IncidentStatus.MONITORING && entry.monitoringAt == null) {
            entry.monitoringAt = now;
        }
        if (status == IncidentStatus.RESOLVED) {
            entry.resolvedAt = now;
        }
        entry.updates.addFirst(newUpdate(entry, status, body, now));
    }

    /** {@code status}: the highest impact among unresolved incidents, in Statuspage's words. */
    public synchronized Status status() {
        Impact indicator = incidents.stream().filter(e -> e.status != IncidentStatus.RESOLVED)
                .map(e -> e.impact).max(Comparator.naturalOrder()).orElse(Impact.NONE);
        return new Status(indicator, indicator.description());
    }

    /** Unresolved incidents, newest first. */
    public synchronized List<Incident> unresolved() {
        return snapshot(true);
    }

    /** Every incident this page has had, newest first. */
    public synchronized List<Incident> incidents() {
        return snapshot(false);
    }

    public synchronized Page page() {
        return new Page(id, name, url, "Etc/UTC", time(updatedAt));
    }

    /** The document of {@code GET /api/v2/status.json}. */
    public synchronized StatusDocument statusDocument() {
        return new StatusDocument(page(), status());
    }

    /** The document of {@code GET /api/v2/incidents/unresolved.json}. */
    public synchronized IncidentsDocument unresolvedDocument() {
        return new IncidentsDocument(page(), unresolved());
    }

    /** The document of {@code GET /api/v2/incidents.json}. */
    public synchronized IncidentsDocument incidentsDocument() {
        return new IncidentsDocument(page(), incidents());
    }

    private List<Incident> snapshot(boolean unresolvedOnly) {
        return incidents.reversed().stream()
                .filter(e -> !unresolvedOnly || e.status != IncidentStatus.RESOLVED)
                .map(e -> new Incident(e.id, e.name, e.status, e.impact, time(e.createdAt), time(e.updatedAt),
                        time(e.monitoringAt), time(e.resolvedAt), url + "/incidents/" + e.id, id, e.updates))
                .toList();
    }

    private Entry open(String incident) {
        return incidents.stream().filter(e -> e.status != IncidentStatus.RESOLVED && e.name.equals(incident))
                .findFirst().orElse(null);
    }

    private IncidentUpdate newUpdate(Entry entry, IncidentStatus status, String body, Instant now) {
        String at = time(now);
        return new IncidentUpdate(newId("update"), status, body, entry.id, at, at, at);
    }

    private String newId(String kind) {
        return idFor(hostname + "/" + kind + "/" + nextId++);
    }

    /** 12 lowercase hex characters, like Statuspage's ids, derived from {@code seed} so runs reproduce. */
    private static String idFor(String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }

    @Override
    public String toString() {
        return "StatusPage[" + hostname + ", " + status().indicator().json() + "]";
    }
}
