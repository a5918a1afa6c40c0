package dev.meshledger.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The HTTPS certificate and key ({@code http.tls.certPath}, {@code http.tls.keyPath}), checked at
 * start so that a wrong file stops the node with the key named instead of failing every
 * handshake later: both readable PEM, the key unencrypted (PKCS#8 "PRIVATE KEY", or the
 * traditional "EC PRIVATE KEY" / "RSA PRIVATE KEY"), and the key the certificate's own.
 * Vert.x's {@code PemKeyCertOptions} reads the same three key forms.
 */
public record TlsFiles(Path certPath, Path keyPath) {
  static final String CERT_KEY = "http.tls.certPath";
  static final String KEY_KEY = "http.tls.keyPath";

  /** The two keys, or null when neither is set; one without the other is an error. */
  static TlsFiles read(ConfigReader r) {
    String cert = r.string(CERT_KEY, null);
    String key = r.string(KEY_KEY, null);
    cert = cert == null || cert.isBlank() ? null : cert.trim();
    key = key == null || key.isBlank() ? null : key.trim();
    if (cert == null && key == null) {
      return null;
    }
    if (cert == null) {
      throw new ConfigException(CERT_KEY, "is needed with " + KEY_KEY + " (a PEM certificate for HTTPS)");
    }
    readable(CERT_KEY, Path.of(cert));
    if (key == null) {
      throw new ConfigException(KEY_KEY, "is needed with " + CERT_KEY + " (the PEM private key of the certificate)");
    }
    readable(KEY_KEY, Path.of(key));
    TlsFiles files = new TlsFiles(Path.of(cert), Path.of(key));
    files.check();
    return files;
  }

  private static void readable(String key, Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new ConfigException(key, file.toAbsolutePath() + " does not exist or is not a readable file");
    }
  }

  /** Reads both files and proves that the key signs for the certificate. */
  void check() {
    X509Certificate cert = certificate();
    PrivateKey key = privateKey();
    PublicKey pub = cert.getPublicKey();
    if (!pub.getAlgorithm().equals(key.getAlgorithm())) {
      throw new ConfigException(KEY_KEY, keyPath + " is a " + key.getAlgorithm() + " key but the certificate "
          + certPath + " holds a " + pub.getAlgorithm() + " key: they do not match");
    }
    String alg = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "RSA".equals(key.getAlgorithm()) ? "SHA256withRSA" : null;
    if (alg == null) {
      throw new ConfigException(KEY_KEY, keyPath + ": a " + key.getAlgorithm() + " key; HTTPS takes an EC or RSA key");
    }
    try {
      byte[] probe = "meshledger tls key check".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(pub);
      v.update(probe);
      if (!v.verify(sig)) {
        throw new ConfigException(KEY_KEY, keyPath + " is not the private key of the certificate " + certPath);
      }
    } catch (GeneralSecurityException e) {
      throw new ConfigException(KEY_KEY, keyPath + " does not match the certificate " + certPath + ": " + e.getMessage());
    }
  }

  private X509Certificate certificate() {
    try (InputStream in = Files.newInputStream(certPath)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new ConfigException(CERT_KEY, "cannot read " + certPath + ": " + e);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new ConfigException(CERT_KEY, certPath + " is not a PEM X.509 certificate: " + e.getMessage());
    }
  }

  private PrivateKey privateKey() {
    Object pem;
    try (Reader in = Files.newBufferedReader(keyPath, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(in)) {
      pem = parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(KEY_KEY, "cannot read " + keyPath + " as PEM: " + e.getMessage());
    }
    try {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (pem instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo()); // "EC PRIVATE KEY", "RSA PRIVATE KEY"
      }
      if (pem instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info); // "PRIVATE KEY" (PKCS#8)
      }
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(KEY_KEY, keyPath + " holds an unreadable private key: " + e.getMessage());
    }
    throw new ConfigException(KEY_KEY, keyPath + " holds no unencrypted PEM private key (found "
        + (pem == null ? "nothing" : pem.getClass().getSimpleName()) + "); write one with openssl ... -nodes");
  }
}
