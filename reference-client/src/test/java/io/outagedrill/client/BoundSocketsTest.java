package io.outagedrill.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link BudgetedSockets#boundTo}: both kinds of socket OkHttp is given (plain, and over channels beneath Conscrypt's
 * engine) connect from the address asked for, as {@code drill get --bind-address} and a fleet's simulated clients
 * rely on for a server to tell clients apart on loopback.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BoundSocketsTest {
    @Test
    void bothKindsOfSocketConnectFromTheBoundAddress() throws Exception {
        InetAddress from = InetAddress.getByName("127.0.0.9");
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            for (BudgetedSockets sockets : new BudgetedSockets[] {BudgetedSockets.direct(), BudgetedSockets.channels()}) {
                try (Socket client = sockets.boundTo(from).createSocket()) {
                    client.connect(server.getLocalSocketAddress(), 5_000);
                    try (Socket accepted = server.accept()) {
                        assertThat(accepted.getInetAddress()).as("the peer the server saw, %s sockets",
                                client.getClass().getSimpleName()).isEqualTo(from);
                    }
                }
            }
        }
    }

    @Test
    void anAddressThisMachineDoesNotHaveFailsAtTheSocketNamingIt() {
        ForeignAddress.assumeUnbindable();
        assertThatThrownBy(() -> BudgetedSockets.direct().boundTo(InetAddress.getByName(ForeignAddress.TEXT))
                .createSocket()).isInstanceOf(BindException.class)
                .hasMessageStartingWith("cannot connect from " + ForeignAddress.TEXT + ": ");
    }
}
