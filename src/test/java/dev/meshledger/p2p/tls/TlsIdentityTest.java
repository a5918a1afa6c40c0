package dev.meshledger.p2p.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshledger.crypto.NodeKey;
import io.vertx.core.net.PfxOptions;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class TlsIdentityTest {
  private static X509Certificate certificateOf(TlsIdentity tls) throws Exception {
    PfxOptions pfx = tls.keyCertOptions();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(new ByteArrayInputStream(pfx.getValue().getBytes()), pfx.getPassword().toCharArray());
    return (X509Certificate) ks.getCertificate(ks.aliases().nextElement());
  }

  @Test
  void theNodeIdReadFromTheCertificateIsTheKeysId() throws Exception {
    NodeKey key = NodeKey.generate();
    X509Certificate cert = certificateOf(TlsIdentity.of(key));
    assertEquals(Optional.of(key.id()), TlsIdentity.nodeIdOf(cert));
    cert.verify(cert.getPublicKey()); // self-signed by that very key
    assertTrue(cert.getSubjectX500Principal().getName().contains(key.id().substring(0, 16)));
  }

  @Test
  void twoKeysGiveTwoIds() throws Exception {
    NodeKey a = NodeKey.generate();
    NodeKey b = NodeKey.generate();
    assertNotEquals(TlsIdentity.nodeIdOf(certificateOf(TlsIdentity.of(a))),
        TlsIdentity.nodeIdOf(certificateOf(TlsIdentity.of(b))));
  }

  @Test
  void aCertificateForAnotherKindOfKeyHasNoNodeId() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair kp = g.generateKeyPair();
    X500Name name = new X500Name("CN=not-a-node");
    long now = System.currentTimeMillis();
    Certificate ec = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
        BigInteger.ONE, new Date(now - 60_000), new Date(now + 60_000), name, kp.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    assertEquals(Optional.empty(), TlsIdentity.nodeIdOf(ec));
  }
}
