using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure.Passwords;

namespace Portico.Tests.Unit;

public sealed class Argon2idPasswordHasherTests
{
    private const string Password = "correct horse battery staple";

    private static Argon2idPasswordHasher Hasher(Argon2Options? options = null) => new(Options.Create(options ?? new Argon2Options()));

    [Fact]
    public void HashPassword_DefaultOptions_WritesPhcStringWithOwaspParameters()
    {
        var hash = Hasher().HashPassword(new Account(), Password);

        var parts = hash.Split('$');
        Assert.Equal(["", "argon2id", "v=19", "m=19456,t=2,p=1"], parts[..4]);
        Assert.Equal(6, parts.Length);

        // 16-byte salt and 32-byte hash, unpadded standard base64 as PHC strings use.
        Assert.Equal(22, parts[4].Length);
        Assert.Equal(43, parts[5].Length);
        Assert.DoesNotContain('=', parts[4] + parts[5]);
        Assert.Equal(16, Convert.FromBase64String(parts[4] + "==").Length);
    }

    [Fact]
    public void HashPassword_SamePasswordTwice_UsesFreshSalt()
    {
        var hasher = Hasher(new Argon2Options { MemoryKiB = 8192, Iterations = 1 });

        Assert.NotEqual(hasher.HashPassword(new Account(), Password), hasher.HashPassword(new Account(), Password));
    }

    [Fact]
    public void VerifyHashedPassword_RoundTripWithDefaultOptions_Succeeds()
    {
        var hasher = Hasher();
        var hash = hasher.HashPassword(new Account(), Password);

        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(new Account(), hash, Password));
    }

    [Fact]
    public void VerifyHashedPassword_WrongPassword_Fails()
    {
        var hasher = Hasher(new Argon2Options { MemoryKiB = 8192, Iterations = 1 });
        var hash = hasher.HashPassword(new Account(), Password);

        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(new Account(), hash, Password + "!"));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(new Account(), hash, ""));
    }

    [Fact]
    public void VerifyHashedPassword_CompatibilityFormOfPassword_SucceedsAfterNfkc()
    {
        var hasher = Hasher(new Argon2Options { MemoryKiB = 8192, Iterations = 1 });
        var hash = hasher.HashPassword(new Account(), "ｐａｓｓ ｗｏｒｄ ﬁne");

        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(new Account(), hash, "pass word fine"));
    }

    [Theory]
    [InlineData(8192, 2)]
    [InlineData(19456, 1)]
    [InlineData(47104, 1)]
    public void VerifyHashedPassword_PhcWithOtherParameters_SucceedsWithRehashNeeded(int memoryKiB, int iterations)
    {
        var old = Hasher(new Argon2Options { MemoryKiB = memoryKiB, Iterations = iterations }).HashPassword(new Account(), Password);
        var current = Hasher();

        Assert.StartsWith($"$argon2id$v=19$m={memoryKiB},t={iterations},p=1$", old, StringComparison.Ordinal);
        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, current.VerifyHashedPassword(new Account(), old, Password));
        Assert.True(current.NeedsUpgrade(old));
        Assert.Equal(PasswordVerificationResult.Failed, current.VerifyHashedPassword(new Account(), old, "not the password"));
    }

    [Fact]
    public void VerifyHashedPassword_IdentityV3Pbkdf2Hash_SucceedsWithRehashNeeded()
    {
        var account = new Account();
        var v3 = new PasswordHasher<Account>().HashPassword(account, Password);
        Assert.Equal(0x01, Convert.FromBase64String(v3)[0]);

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, Hasher().VerifyHashedPassword(account, v3, Password));
        Assert.Equal(PasswordVerificationResult.Failed, Hasher().VerifyHashedPassword(account, v3, Password + "x"));
    }

    [Fact]
    public void VerifyHashedPassword_IdentityV2Pbkdf2Hash_SucceedsWithRehashNeeded()
    {
        var account = new Account();
        var v2Hasher = new PasswordHasher<Account>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }));
        var v2 = v2Hasher.HashPassword(account, Password);
        Assert.Equal(0x00, Convert.FromBase64String(v2)[0]);

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, Hasher().VerifyHashedPassword(account, v2, Password));
        Assert.Equal(PasswordVerificationResult.Failed, Hasher().VerifyHashedPassword(account, v2, Password + "x"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-hash")]
    [InlineData("AA==")]
    [InlineData("AQ==")]
    [InlineData("Ag==")]
    [InlineData("$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA")]
    [InlineData("$argon2id$v=18$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=abc,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=4$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=19456,t=0,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$!!!$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    public void VerifyHashedPassword_GarbageHash_Fails(string hash)
    {
        Assert.Equal(PasswordVerificationResult.Failed, Hasher().VerifyHashedPassword(new Account(), hash, Password));
    }

    [Fact]
    public void Check_SameWrongPasswordTwice_GivesSameFingerprint()
    {
        var hasher = Hasher(new Argon2Options { MemoryKiB = 8192, Iterations = 1 });
        var hash = hasher.HashPassword(new Account(), Password);

        var first = hasher.Check(null, hash, "wrong guess one");
        var again = hasher.Check(null, hash, "wrong guess one");
        var other = hasher.Check(null, hash, "wrong guess two");

        Assert.False(first.Succeeded);
        Assert.Equal(8, first.Fingerprint.Length);
        Assert.Equal(first.Fingerprint, again.Fingerprint);
        Assert.NotEqual(first.Fingerprint, other.Fingerprint);
    }
}
