import { generateKeyPairSync } from 'node:crypto';

/** A CloudFront signing key pair: RSA 2048, the public key for the key group, the private one for the signers. */
export const generateSigningKeyPair = (): { readonly publicKeyPem: string; readonly privateKeyPem: string } => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
};
