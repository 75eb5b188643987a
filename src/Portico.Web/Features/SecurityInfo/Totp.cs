using System.Security.Cryptography;
using System.Text;

namespace Portico.Web.Features.SecurityInfo;

/// <summary>
/// RFC 6238 time-based one-time passwords as authenticator apps compute them: HMAC-SHA1, 30-second steps, 6 digits,
/// and the key as unpadded Base32 (RFC 4648) in the <c>otpauth://</c> URI.
/// </summary>
/// <remarks>
/// Note: ASP.NET Core Identity's own RFC 6238 code is internal and accepts a code again within its window; Portico
/// needs the matched time step to refuse replays, so the few lines of the algorithm live here (unit-tested against
/// the RFC's test vectors).
/// </remarks>
public static class Totp
{
    public const int Digits = 6;
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    /// <summary>Steps either side of now that are accepted (clock drift of the phone).</summary>
    public const int AllowedDrift = 1;

    public static string NewKey() => Base32Encode(RandomNumberGenerator.GetBytes(20));

    public static long TimeStep(DateTimeOffset now) => now.ToUnixTimeSeconds() / (long)Step.TotalSeconds;

    public static string Compute(byte[] key, long timeStep)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, timeStep);
        Span<byte> hash = stackalloc byte[20];
        // Note: HMAC-SHA1 is what RFC 6238 and every authenticator app use; HMAC-SHA1 remains a sound PRF.
#pragma warning disable CA5350
        HMACSHA1.HashData(key, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The time step whose code equals <paramref name="code"/> within the allowed drift and after
    /// <paramref name="lastAcceptedStep"/>; null when none matches.
    /// </summary>
    public static long? Match(string base32Key, string code, DateTimeOffset now, long lastAcceptedStep)
    {
        var normalized = NormalizeCode(code);
        if (normalized is null)
        {
            return null;
        }

        var key = Base32Decode(base32Key);
        var current = TimeStep(now);
        for (var step = current - AllowedDrift; step <= current + AllowedDrift; step++)
        {
            if (step > lastAcceptedStep && CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Compute(key, step)), Encoding.ASCII.GetBytes(normalized)))
            {
                return step;
            }
        }

        return null;
    }

    /// <summary>Digits only (spaces and hyphens people type are dropped; full-width digits folded); null unless 6 digits.</summary>
    public static string? NormalizeCode(string? code)
    {
        if (code is null || code.Length > 16)
        {
            return null;
        }

        var digits = new StringBuilder();
        foreach (var c in code.Normalize(NormalizationForm.FormKC))
        {
            if (c is >= '0' and <= '9')
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-'))
            {
                return null;
            }
        }

        return digits.Length == Digits ? digits.ToString() : null;
    }

    public static string OtpAuthUri(string issuer, string accountLabel, string base32Key) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(accountLabel)}" +
        $"?secret={base32Key}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={(int)Step.TotalSeconds}";

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Base32Encode(ReadOnlySpan<byte> data)
    {
        var result = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                result.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            result.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return result.ToString();
    }

    public static byte[] Base32Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            if (c == ' ')
            {
                continue;
            }

            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException("Not Base32.");
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)((buffer >> (bits - 8)) & 0xFF));
                bits -= 8;
            }
        }

        return [.. output];
    }
}
