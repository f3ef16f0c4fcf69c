package io.ilagent.source.mqtt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and private keys into key stores with the JDK alone (its PEM API is still
 * a preview). Keys: PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA, EC or Ed25519) and PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}). Errors name the file and say what was wrong with it.
 */
final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    // AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters, DER.
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    static final char[] NO_PASSWORD = new char[0];

    private PemFiles() {}

    /** A trust store holding every certificate of {@code file}. */
    static KeyStore trustStore(Path file) throws IOException, GeneralSecurityException {
        List<Certificate> certificates = certificates(file);
        KeyStore store = emptyStore();
        for (int i = 0; i < certificates.size(); i++) {
            store.setCertificateEntry("ca-" + i, certificates.get(i));
        }
        return store;
    }

    /** A key store holding the private key of {@code keyFile} with the certificate chain of {@code certFile}. */
    static KeyStore keyStore(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
        List<Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!matches(key, chain.getFirst())) {
            throw new GeneralSecurityException(keyFile + " does not hold the key of the certificate in " + certFile);
        }
        KeyStore store = emptyStore();
        store.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
        return store;
    }

    /** Whether {@code key} signs what the certificate's public key verifies: the pair belongs together. */
    private static boolean matches(PrivateKey key, Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        byte[] probe = "ilagent".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        List<Certificate> certificates;
        try {
            certificates = new ArrayList<>(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file))));
        } catch (CertificateException e) {
            throw new GeneralSecurityException(file + " contains no readable PEM certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException(file + " contains no certificates");
        }
        return certificates;
    }

    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        Matcher m = BLOCK.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (m.group(1)) {
                case "PRIVATE KEY" -> {
                    return pkcs8(der, file);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(wrapPkcs1(der), file);
                }
                case "EC PRIVATE KEY" -> throw new GeneralSecurityException(file + " holds a SEC1 EC key, which is not "
                        + "supported: convert it with 'openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + "'");
                case "ENCRYPTED PRIVATE KEY" -> throw new GeneralSecurityException(file
                        + " holds an encrypted key: give the key without a passphrase");
                default -> { } // e.g. EC PARAMETERS before the key
            }
        }
        throw new GeneralSecurityException(file + " contains no private key (expected BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)");
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next one
            }
        }
        throw new GeneralSecurityException(file + " holds a private key that is neither RSA, EC nor EdDSA");
    }

    /** PKCS#1 RSAPrivateKey → PKCS#8 PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING key }. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = tlv(0x04, pkcs1);
        byte[] body = new byte[version.length + RSA_ALGORITHM.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(RSA_ALGORITHM, 0, body, version.length, RSA_ALGORITHM.length);
        System.arraycopy(octets, 0, body, version.length + RSA_ALGORITHM.length, octets.length);
        return tlv(0x30, body);
    }

    private static byte[] tlv(int tag, byte[] value) {
        byte[] length = value.length < 0x80 ? new byte[] {(byte) value.length} : longLength(value.length);
        byte[] out = new byte[1 + length.length + value.length];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(value, 0, out, 1 + length.length, value.length);
        return out;
    }

    private static byte[] longLength(int length) {
        byte[] digits = BigInteger.valueOf(length).toByteArray();
        int skip = digits[0] == 0 ? 1 : 0;
        byte[] out = new byte[1 + digits.length - skip];
        out[0] = (byte) (0x80 | (digits.length - skip));
        System.arraycopy(digits, skip, out, 1, digits.length - skip);
        return out;
    }

    private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }
}
