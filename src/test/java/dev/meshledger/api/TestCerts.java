package dev.meshledger.api;

import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** Self-signed certificates for 127.0.0.1, made with BouncyCastle, written as PEM the ways openssl writes them. */
final class TestCerts {
  enum KeyForm { EC_PKCS8, EC_TRADITIONAL, RSA_PKCS8, RSA_TRADITIONAL }

  final X509Certificate cert;
  final Path certPath;
  final Path keyPath;

  private TestCerts(X509Certificate cert, Path certPath, Path keyPath) {
    this.cert = cert;
    this.certPath = certPath;
    this.keyPath = keyPath;
  }

  static KeyPair keyPair(boolean ec) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(ec ? "EC" : "RSA");
    if (ec) {
      g.initialize(new ECGenParameterSpec("secp256r1"));
    } else {
      g.initialize(2048);
    }
    return g.generateKeyPair();
  }

  static TestCerts make(Path dir, KeyForm form) throws Exception {
    boolean ec = form == KeyForm.EC_PKCS8 || form == KeyForm.EC_TRADITIONAL;
    KeyPair kp = keyPair(ec);
    X500Name name = new X500Name("CN=127.0.0.1");
    long now = System.currentTimeMillis();
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now), new Date(now - 60_000),
        new Date(now + 86_400_000L), name, kp.getPublic());
    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
        new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())));
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder(ec ? "SHA256withECDSA" : "SHA256withRSA").build(kp.getPrivate())));
    Path certPath = dir.resolve(form + "-cert.pem");
    Path keyPath = dir.resolve(form + "-key.pem");
    Files.writeString(certPath, pem(cert));
    boolean pkcs8 = form == KeyForm.EC_PKCS8 || form == KeyForm.RSA_PKCS8;
    Files.writeString(keyPath, pkcs8 ? pkcs8(kp.getPrivate()) : ec ? ecTraditional(kp) : pem(kp.getPrivate()));
    return new TestCerts(cert, certPath, keyPath);
  }

  static String pkcs8(PrivateKey key) throws Exception {
    return pem(new JcaPKCS8Generator(key, null));
  }

  /** "EC PRIVATE KEY" (RFC 5915) with the curve and the public key inside, as {@code openssl ecparam -genkey} writes it. */
  static String ecTraditional(KeyPair kp) throws Exception {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(kp.getPrivate().getEncoded());
    BigInteger d = ((java.security.interfaces.ECPrivateKey) kp.getPrivate()).getS();
    DERBitString pub = new DERBitString(SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded()).getPublicKeyData().getOctets());
    ECPrivateKey der = new ECPrivateKey(256, d, pub, info.getPrivateKeyAlgorithm().getParameters());
    return pem(new PemObject("EC PRIVATE KEY", der.getEncoded()));
  }

  static String pem(Object o) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    }
    return out.toString();
  }

  /** A client context that trusts this certificate only. */
  SSLContext clientContext() throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    ks.setCertificateEntry("node", cert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
