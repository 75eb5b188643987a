using Portico.Web.Authorization;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.Users;

namespace Portico.Bench.Users;

internal sealed record BenchOrganization(Guid Id, int Index, string PartnerId, string DisplayName, string Domain, double JapaneseShare);

internal sealed record BenchAccount(
    Guid Id, int OrgIndex, string DisplayName, string? NameReading, string Email, string SearchKey, DateTime CreatedUtc, string Role);

/// <summary>
/// The data set, generated the same way (fixed seed) for each database: <see cref="OrganizationCount"/> organizations,
/// the first with <see cref="LargeOrganizationSize"/> users, the rest sharing the remaining accounts at random.
/// Accounts arrive interleaved across organizations, as sign-ups do, so the big organization's rows are spread over
/// the whole table. Japanese names are kanji with a kana reading (hiragana or katakana, as typed) and a romaji email.
/// </summary>
internal sealed class Dataset(int accountCount, int organizationCount, int largeOrganizationSize)
{
    public const int Seed = 20261124;

    public int AccountCount { get; } = accountCount;

    public int OrganizationCount { get; } = organizationCount;

    public int LargeOrganizationSize { get; } = Math.Min(largeOrganizationSize, accountCount);

    public static readonly DateTime Epoch = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public IReadOnlyList<BenchOrganization> Organizations { get; } = Enumerable.Range(0, organizationCount)
        .Select(i => new BenchOrganization(
            DeterministicGuid(1, i), i, "B" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
            i == 0 ? "Large Partner 株式会社" : "Partner " + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "o" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture) + ".example",
            i == 0 ? 0.5 : (i % 3) switch { 0 => 0.8, 1 => 0.2, _ => 0.5 }))
        .ToList();

    public BenchOrganization Large => Organizations[0];

    private static readonly string[] MemberRoles =
        [Roles.ReportViewer, Roles.SalesAgent, Roles.ReferralsUser, Roles.IncentivesUser, Roles.Developer, Roles.Marketer];

    public IEnumerable<BenchAccount> Accounts()
    {
        var random = new Random(Seed);
        var perOrg = new int[OrganizationCount];
        var largeLeft = LargeOrganizationSize;
        for (var i = 0; i < AccountCount; i++)
        {
            var left = AccountCount - i;
            var org = OrganizationCount == 1 || random.NextDouble() * left < largeLeft ? 0 : 1 + random.Next(OrganizationCount - 1);
            if (org == 0)
            {
                largeLeft--;
            }

            var organization = Organizations[org];
            var seq = ++perOrg[org];
            string displayName, email;
            string? reading = null;
            if (random.NextDouble() < organization.JapaneseShare)
            {
                var surname = Names.Pick(Names.Surnames, Names.SurnameWeight, random);
                var given = Names.Pick(Names.GivenNames, Names.GivenNameWeight, random);
                displayName = surname.Kanji + " " + given.Kanji;
                var hiragana = surname.Reading + " " + given.Reading;
                reading = random.Next(2) == 0 ? hiragana : Names.ToKatakana(hiragana);
                email = given.Romaji + "." + surname.Romaji + Suffix(seq) + "@" + organization.Domain;
            }
            else
            {
                var first = Names.FirstNames[random.Next(Names.FirstNames.Length)];
                var last = Names.LastNames[random.Next(Names.LastNames.Length)];
                displayName = first + " " + last;
                email = (first + "." + last).ToLowerInvariant() + Suffix(seq) + "@" + organization.Domain;
            }

            var key = SearchKey.ForAccount(displayName, reading, email);
            if (key.Length > Account.SearchKeyMaxLength)
            {
                key = key[..Account.SearchKeyMaxLength];
            }

            var created = Epoch.AddSeconds(i * 60.0);
            yield return new BenchAccount(
                DeterministicGuid(2, i), org, displayName, reading, email, key, created, MemberRoles[random.Next(MemberRoles.Length)]);
        }

        static string Suffix(int seq) => seq.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Version-7-shaped ids that sort by creation (as <see cref="Guid.CreateVersion7()"/> does) but repeat run to run.</summary>
    public static Guid DeterministicGuid(int kind, int index)
    {
        Span<byte> bytes = stackalloc byte[16];
        var millis = (ulong)(Epoch.AddSeconds(index * 60.0) - DateTime.UnixEpoch).TotalMilliseconds;
        bytes[0] = (byte)(millis >> 40);
        bytes[1] = (byte)(millis >> 32);
        bytes[2] = (byte)(millis >> 24);
        bytes[3] = (byte)(millis >> 16);
        bytes[4] = (byte)(millis >> 8);
        bytes[5] = (byte)millis;
        bytes[6] = 0x70;
        bytes[7] = (byte)kind;
        bytes[8] = 0x80;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes[12..], index);
        return new Guid(bytes, bigEndian: true);
    }
}
