using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NSec.Cryptography;
using Portico.Web.Features.Accounts;

namespace Portico.Web.Infrastructure.Passwords;

/// <summary>The outcome of a password check, with a fingerprint for smart lockout.</summary>
public readonly record struct PasswordCheck(PasswordVerificationResult Result, string Fingerprint)
{
    public bool Succeeded => Result != PasswordVerificationResult.Failed;
}

public sealed class Argon2Options
{
    /// <summary>Memory cost in KiB. OWASP minimum: 19 MiB.</summary>
    public int MemoryKiB { get; set; } = 19 * 1024;

    /// <summary>Passes (time cost). OWASP minimum with 19 MiB: 2.</summary>
    public int Iterations { get; set; } = 2;

    /// <summary>Lanes. libsodium (and so NSec) supports 1 only.</summary>
    public int Parallelism { get; set; } = 1;
}

/// <summary>
/// Argon2id password hashing (libsodium via NSec) in PHC string format, e.g.
/// <c>$argon2id$v=19$m=19456,t=2,p=1$&lt;salt&gt;$&lt;hash&gt;</c>.
/// </summary>
/// <remarks>
/// Blocks offline cracking of a stolen database with a memory-hard function. Hashes made with weaker parameters,
/// and imported ASP.NET Core Identity v2/v3 (PBKDF2) hashes, verify with <see cref="PasswordVerificationResult.SuccessRehashNeeded"/>
/// so the sign-in rehashes them with the current parameters. Passwords are NFKC-normalised before hashing and
/// never truncated.
/// </remarks>
public sealed class Argon2idPasswordHasher(IOptions<Argon2Options> options) : IPasswordHasher<Account>
{
    private const int SaltLength = 16;
    private const int HashLength = 32;
    private static readonly PasswordHasher<Account> LegacyHasher = new();

    private Argon2Options Current => options.Value;

    public string HashPassword(Account user, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var p = Current;
        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        var hash = Derive(password, salt, p.MemoryKiB, p.Iterations, p.Parallelism);
        return Format(p.MemoryKiB, p.Iterations, p.Parallelism, salt, hash);
    }

    public PasswordVerificationResult VerifyHashedPassword(Account user, string hashedPassword, string providedPassword) =>
        Check(user, hashedPassword, providedPassword).Result;

    /// <summary>
    /// Verifies a password and also returns a short fingerprint of the provided password, so smart lockout can
    /// recognise a repeated wrong password without storing it.
    /// </summary>
    /// <remarks>
    /// The fingerprint is 4 bytes of the Argon2id output under the account's own salt: recovering a typed password
    /// from it costs a full Argon2id computation per guess, and 32 bits leave many candidates per fingerprint.
    /// </remarks>
    public PasswordCheck Check(Account? user, string hashedPassword, string providedPassword)
    {
        ArgumentNullException.ThrowIfNull(hashedPassword);
        ArgumentNullException.ThrowIfNull(providedPassword);

        if (!hashedPassword.StartsWith("$argon2id$", StringComparison.Ordinal))
        {
            var legacy = VerifyLegacy(user ?? new Account(), hashedPassword, providedPassword);
            var legacyFingerprint = Convert.ToHexStringLower(
                HMACSHA256.HashData(Encoding.UTF8.GetBytes(hashedPassword), Encoding.UTF8.GetBytes(providedPassword)).AsSpan(0, 4));
            return new PasswordCheck(legacy, legacyFingerprint);
        }

        if (!TryParse(hashedPassword, out var m, out var t, out var par, out var salt, out var expected))
        {
            return new PasswordCheck(PasswordVerificationResult.Failed, "");
        }

        var actual = Derive(providedPassword, salt, m, t, par);
        var fingerprint = Convert.ToHexStringLower(actual.AsSpan(0, 4));
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return new PasswordCheck(PasswordVerificationResult.Failed, fingerprint);
        }

        var p = Current;
        var result = m != p.MemoryKiB || t != p.Iterations
            ? PasswordVerificationResult.SuccessRehashNeeded
            : PasswordVerificationResult.Success;
        return new PasswordCheck(result, fingerprint);
    }

    /// <summary>True when <paramref name="hashedPassword"/> was made with other parameters than the current ones.</summary>
    public bool NeedsUpgrade(string hashedPassword) =>
        !TryParse(hashedPassword, out var m, out var t, out _, out _, out _) || m != Current.MemoryKiB || t != Current.Iterations;

    private static PasswordVerificationResult VerifyLegacy(Account user, string hashedPassword, string providedPassword)
    {
        // Note: ASP.NET Core Identity v2 (0x00) and v3 (0x01) hashes are base64; anything else is not a hash we accept.
        Span<byte> buffer = stackalloc byte[256];
        if (!Convert.TryFromBase64String(hashedPassword, buffer, out var written) || written == 0 || buffer[0] > 0x01)
        {
            return PasswordVerificationResult.Failed;
        }

        return LegacyHasher.VerifyHashedPassword(user, hashedPassword, providedPassword) == PasswordVerificationResult.Failed
            ? PasswordVerificationResult.Failed
            : PasswordVerificationResult.SuccessRehashNeeded;
    }

    private static byte[] Derive(string password, byte[] salt, int memoryKiB, int iterations, int parallelism)
    {
        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = parallelism,
            MemorySize = memoryKiB,
            NumberOfPasses = iterations,
        });
        var bytes = Encoding.UTF8.GetBytes(password.Normalize(NormalizationForm.FormKC));
        try
        {
            return algorithm.DeriveBytes(bytes, salt, HashLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static string Format(int m, int t, int p, byte[] salt, byte[] hash) =>
        string.Create(CultureInfo.InvariantCulture, $"$argon2id$v=19$m={m},t={t},p={p}${B64(salt)}${B64(hash)}");

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] FromB64(string s) =>
        Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));

    internal static bool TryParse(string phc, out int m, out int t, out int p, out byte[] salt, out byte[] hash)
    {
        m = t = p = 0;
        salt = hash = [];
        var parts = phc.Split('$');

        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.Length != 6 || parts[1] != "argon2id" || parts[2] != "v=19")
        {
            return false;
        }

        foreach (var kv in parts[3].Split(','))
        {
            var pair = kv.Split('=');
            if (pair.Length != 2 || !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            switch (pair[0])
            {
                case "m": m = value; break;
                case "t": t = value; break;
                case "p": p = value; break;
                default: return false;
            }
        }

        try
        {
            salt = FromB64(parts[4]);
            hash = FromB64(parts[5]);
        }
        catch (FormatException)
        {
            return false;
        }

        return m >= 8 && t >= 1 && p == 1 && salt.Length >= 8 && hash.Length >= 16;
    }
}
