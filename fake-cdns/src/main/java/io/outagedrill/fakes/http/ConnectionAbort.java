package io.outagedrill.fakes.http;

import java.io.IOException;

/** Thrown inside a response to end it by closing the connection, as a fault demands. */
final class ConnectionAbort extends IOException {
    ConnectionAbort(String why) {
        super(why);
    }
}
