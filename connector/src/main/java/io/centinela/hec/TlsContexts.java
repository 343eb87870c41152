package io.centinela.hec;

import io.centinela.secret.Secret;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/** SSL contexts that verify the server against a custom trust store or PEM CA bundle (never trust-all). */
final class TlsContexts {

    private TlsContexts() {
    }

    static SSLContext trusting(Path trustStore, Secret password, String type, Path caPem) {
        try {
            KeyStore ks;
            if (trustStore != null) {
                ks = KeyStore.getInstance(type == null ? KeyStore.getDefaultType() : type);
                try (InputStream in = Files.newInputStream(trustStore)) {
                    ks.load(in, password == null ? null : password.reveal().toCharArray());
                }
            } else {
                ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
            }
            if (caPem != null) {
                CertificateFactory cf = CertificateFactory.getInstance("X.509");
                try (InputStream in = Files.newInputStream(caPem)) {
                    int i = 0;
                    for (Certificate c : cf.generateCertificates(in)) {
                        ks.setCertificateEntry("centinela-ca-" + i++, c);
                    }
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot load the HEC trust material (hec.tls.truststore / hec.tls.ca.pem): "
                    + e.getMessage(), e);
        }
    }
}
