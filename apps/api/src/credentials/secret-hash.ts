import argon2 from 'argon2';

/**
 * Passwords and personal answers are hashed with argon2id (memory-hard, from the
 * maintained `argon2` binding). The encoded hash carries its salt and parameters, so
 * costs can be raised later without breaking existing hashes.
 */
export class SecretHasher {
  constructor(private readonly options: { memoryCostKib: number; timeCost: number }) {}

  hash(secret: string): Promise<string> {
    return argon2.hash(secret, { type: argon2.argon2id, memoryCost: this.options.memoryCostKib, timeCost: this.options.timeCost, parallelism: 1 });
  }

  async verify(encoded: string, secret: string): Promise<boolean> {
    try {
      return await argon2.verify(encoded, secret);
    } catch {
      return false;
    }
  }
}
