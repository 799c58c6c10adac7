package io.outagedrill.harness.run;

/**
 * A resource a fleet of in-process clients can run out of, with the words a user needs to raise it. Every
 * simulated client holds some of each: heap for its buffers and records, threads (the fault proxy pumps each
 * connection on platform threads), a file handle per socket and part file, an ephemeral port per connection.
 */
public enum FleetLimit {
    HEAP("the JVM heap", "give the JVM more heap (DRILL_JAVA_OPTS=-Xmx4g ./drill ...) or run fewer clients (--clients N)"),
    THREADS("threads", "raise the process limit (ulimit -u, or the container's pids.max) or run fewer clients "
            + "(--clients N); a runner's own thread budget is RunOptions.limits().threads()"),
    FILE_HANDLES("open file handles", "raise the open-file limit (ulimit -n 65536) or run fewer clients (--clients N)"),
    PORTS("local ports", "widen the ephemeral port range (sysctl net.ipv4.ip_local_port_range=\"1024 65535\") or run "
            + "fewer clients (--clients N)");

    private final String what;
    private final String howToRaise;

    FleetLimit(String what, String howToRaise) {
        this.what = what;
        this.howToRaise = howToRaise;
    }

    public String what() {
        return what;
    }

    public String howToRaise() {
        return howToRaise;
    }
}
