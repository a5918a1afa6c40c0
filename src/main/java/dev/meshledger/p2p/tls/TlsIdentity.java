package dev.meshledger.p2p.tls;

import dev.meshledger.crypto.NodeKey;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.TrustOptions;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The node's TLS identity: a self-signed certificate for its Ed25519 node key, in an in-memory
 * PKCS#12 (Vert.x's PEM options do not read Ed25519 keys). Certificates are not checked against
 * any authority: a peer's identity is the key its certificate carries, and the TLS handshake
 * proves it holds that key. Uses the JDK's own providers only (docs/architecture.md, Known traps).
 */
public final class TlsIdentity {
  /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the raw 32-byte key follows. */
  private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final long TEN_YEARS_MS = 10L * 365 * 24 * 3600 * 1000;
  private static final Set<String> TLS_13 = Set.of("TLSv1.3");

  private final PfxOptions keyCert;
  private final KeyStore keyStore;
  private final char[] password;

  private TlsIdentity(PfxOptions keyCert, KeyStore keyStore, char[] password) {
    this.keyCert = keyCert;
    this.keyStore = keyStore;
    this.password = password;
  }

  public static TlsIdentity of(NodeKey key) {
    try {
      byte[] pkcs8 = PrivateKeyInfoFactory.createPrivateKeyInfo(new Ed25519PrivateKeyParameters(key.secretKey(), 0))
          .getEncoded();
      byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(new Ed25519PublicKeyParameters(key.publicKey(), 0))
          .getEncoded();
      KeyFactory kf = KeyFactory.getInstance("Ed25519");
      PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(spki));
      X500Name name = new X500Name("CN=meshledger-" + key.id().substring(0, 16));
      long now = System.currentTimeMillis();
      var holder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now), new Date(now - 3_600_000),
          new Date(now + TEN_YEARS_MS), name, pub).build(new JcaContentSignerBuilder("Ed25519").build(priv));
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
      char[] password = "meshledger".toCharArray(); // in memory only; PKCS#12 wants one
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("node", priv, password, new Certificate[] {cert});
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ks.store(out, password);
      return new TlsIdentity(new PfxOptions().setValue(Buffer.buffer(out.toByteArray())).setPassword(new String(password)),
          ks, password);
    } catch (Exception e) {
      throw new IllegalStateException("cannot build the node's TLS certificate: " + e.getMessage(), e);
    }
  }

  public PfxOptions keyCertOptions() {
    return keyCert;
  }

  /**
   * A TLS server's options: TLS 1.3 only, this certificate, any peer's certificate accepted.
   * (The node's own P2P server is plain TCP and starts TLS itself: {@link InboundTls}.)
   */
  public NetServerOptions serverOptions(int handshakeTimeoutMs) {
    return new NetServerOptions()
        .setSsl(true)
        .setKeyCertOptions(keyCert)
        .setTrustOptions(trustAnyKey())
        // REQUEST, not REQUIRED: a client without a certificate completes TLS (so tools like
        // openssl s_client can see the protocol) and is then closed for having no node id.
        .setClientAuth(ClientAuth.REQUEST)
        .setEnabledSecureTransportProtocols(TLS_13)
        .setSslHandshakeTimeout(handshakeTimeoutMs)
        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
        .setTcpNoDelay(true);
  }

  /** The server side of TLS for {@link InboundTls}: this key, TLS 1.3 only, a client certificate asked for but not required. */
  SslContext serverContext() {
    try {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, password);
      return SslContextBuilder.forServer(kmf)
          .sslProvider(SslProvider.JDK)
          .trustManager(TRUST_ANY)
          .clientAuth(io.netty.handler.ssl.ClientAuth.OPTIONAL)
          .protocols(TLS_13)
          .build();
    } catch (Exception e) {
      throw new IllegalStateException("cannot build the P2P server's TLS context: " + e.getMessage(), e);
    }
  }

  /** The P2P client's options: TLS 1.3 only, this certificate, no host name checks (peers are ids). */
  public NetClientOptions clientOptions(int handshakeTimeoutMs) {
    return new NetClientOptions()
        .setSsl(true)
        .setKeyCertOptions(keyCert)
        .setTrustOptions(trustAnyKey())
        .setHostnameVerificationAlgorithm("")
        .setEnabledSecureTransportProtocols(TLS_13)
        .setConnectTimeout(handshakeTimeoutMs)
        .setSslHandshakeTimeout(handshakeTimeoutMs)
        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
        .setTcpNoDelay(true);
  }

  /** Accepts any certificate: identity is checked by node id after the handshake, not by a CA. */
  public static TrustOptions trustAnyKey() {
    return TrustOptions.wrap(TRUST_ANY);
  }

  private static final X509TrustManager TRUST_ANY = new X509TrustManager() {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  };

  /** The node id proven by the peer's certificate on a TLS socket; empty without one. */
  public static Optional<String> nodeIdOf(NetSocket socket) {
    try {
      var certs = socket.peerCertificates();
      return certs == null || certs.isEmpty() ? Optional.empty() : nodeIdOf(certs.get(0));
    } catch (Exception e) {
      return Optional.empty(); // not TLS, or the handshake did not finish
    }
  }

  /** The node id (hex Ed25519 key) a certificate carries, or empty if it carries another kind of key. */
  public static Optional<String> nodeIdOf(Certificate cert) {
    byte[] spki = cert.getPublicKey().getEncoded();
    if (spki == null || spki.length != ED25519_SPKI_PREFIX.length + 32
        || !Arrays.equals(spki, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0, ED25519_SPKI_PREFIX.length)) {
      return Optional.empty();
    }
    return Optional.of(HexFormat.of().formatHex(spki, ED25519_SPKI_PREFIX.length, spki.length));
  }
}
