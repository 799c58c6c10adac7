package io.outagedrill.fakes.tls;

import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.TrustManager;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.util.Collection;

/**
 * Jetty's server TLS factory for servers that never ask clients for certificates, as no fake here does. Given no
 * trust store, Jetty hands the JDK no trust managers, and the JDK then loads its default trust store (the
 * {@code cacerts} file, about 150 root certificates) to build one: a seventh of a second on the first HTTPS
 * server of a JVM, for a trust manager nothing consults. An empty list makes the JDK use a placeholder instead.
 */
public final class ServerSslContextFactory extends SslContextFactory.Server {
    /** One that presents {@code credentials} (a certificate the test CA issued, with its key). */
    public static ServerSslContextFactory presenting(ServerCredentials credentials) {
        ServerSslContextFactory tls = new ServerSslContextFactory();
        tls.setKeyStorePassword(ServerCredentials.PASSWORD);
        tls.setKeyStore(credentials.keyStore());
        return tls;
    }

    @Override
    protected TrustManager[] getTrustManagers(KeyStore trustStore, Collection<? extends CRL> crls) throws Exception {
        return trustStore == null ? new TrustManager[0] : super.getTrustManagers(trustStore, crls);
    }
}
