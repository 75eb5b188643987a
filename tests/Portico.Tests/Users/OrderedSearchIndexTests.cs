using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;
using Portico.Web.Features.Users;

namespace Portico.Tests.Users;

/// <summary>
/// PostgreSQL's ordered search index (RUM, created by the OrderedUserSearch migration where the extension exists): the
/// order key never contradicts byte order, and the search function returns the first n matches with all their ties.
/// </summary>
public sealed class OrderedSearchIndexTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<AppDbContext> PostgresWithIndexAsync(AsyncServiceScope scope)
    {
        Assert.SkipUnless(PortalFactory.UsesPostgres, "The ordered index is a PostgreSQL index.");
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var available = await db.Database.SqlQuery<bool>($"SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') AS \"Value\"").SingleAsync(Ct);
        Assert.SkipUnless(available, "The rum extension is not installed on this PostgreSQL server (scripts/test.sh installs it).");
        return db;
    }

    [Fact]
    public async Task Migration_WhereRumIsAvailable_CreatesTheIndex()
    {
        await using var scope = factory.Scope();
        var db = await PostgresWithIndexAsync(scope);

        Assert.True(await scope.ServiceProvider.GetRequiredService<OrderedSearchIndex>().ExistsAsync(db, Ct));
        Assert.True(await db.Database.SqlQuery<bool>($"SELECT portico_enable_ordered_user_search() AS \"Value\"").SingleAsync(Ct));
    }

    [Fact]
    public async Task ListKey_RandomNames_NeverContradictsByteOrder()
    {
        await using var scope = factory.Scope();
        var db = await PostgresWithIndexAsync(scope);
        var random = new Random(20261124);
        int[] starts = [0x20, 0x41, 0x61, 0x7E, 0xC0, 0x3041, 0x30A1, 0x4E00, 0x5C71, 0x7530, 0xD7A0, 0xFF21, 0x1F600, 0x20000];
        var names = Enumerable.Range(0, 3000).Select(_ =>
        {
            var builder = new StringBuilder();
            for (var n = random.Next(1, 9); n > 0; n--)
            {
                builder.Append(char.ConvertFromUtf32(starts[random.Next(starts.Length)] + random.Next(3)));
            }

            return builder.ToString();
        }).Distinct().ToArray();

        var keys = await db.Database.SqlQuery<NameKey>($"""
            SELECT n AS "Name", portico_list_key(n) AS "Key" FROM unnest({names}::text[]) AS n
            """).ToListAsync(Ct);

        var ordered = keys.OrderBy(k => k.Name, Utf8ByteOrder.Instance).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i - 1].Key <= ordered[i].Key, $"{ordered[i - 1].Name} < {ordered[i].Name} but its key is greater");
        }

        Assert.All(keys, k => Assert.InRange(k.Key, 0, (1L << 52) - 1));
        Assert.True(keys.Select(k => k.Key).Distinct().Count() > keys.Count * 9 / 10, "the key tells most names apart");
    }

    [Fact]
    public async Task SearchFunction_LimitInsideATie_ReturnsTheWholeTie()
    {
        var org = (await factory.AnOrganizationAsync()).Organization.Id;
        await using var scope = factory.Scope();
        var db = await PostgresWithIndexAsync(scope);
        foreach (var name in new[] { "Abe Quillon", "Tanaka A", "Tanaka B", "Tanaka C", "Tanaka D", "Tanaka E", "Zed Quillon" })
        {
            db.Users.Add(factory.UnsavedWorkAccount(org, name, emailPrefix: "t"));
        }

        await db.SaveChangesAsync(Ct);

        async Task<List<string>> FirstAsync(string term, int n, string? afterName = null, string? afterEmail = null) =>
            await db.Database.SqlQuery<string>($"""
                SELECT a."DisplayName" AS "Value" FROM portico_ordered_user_search({org}, {term}, {"%" + term + "%"}, {afterName}::text, {afterEmail}::text, {n}) AS s(id)
                JOIN "Accounts" AS a ON a."Id" = s.id
                """).ToListAsync(Ct);

        // Note: "Tanaka A" … "Tanaka E" share the key ("Tanaka " + 4 bits of the next letter), so 2 rows become 6.
        Assert.Equal(["Abe Quillon", "Tanaka A", "Tanaka B", "Tanaka C", "Tanaka D", "Tanaka E"], (await FirstAsync("uil", 1)).Concat(await FirstAsync("tanaka", 2)).Order());
        Assert.Equal(["Zed Quillon"], await FirstAsync("uil", 5, "Abe Quillon", "\u007f"));
        Assert.Empty(await FirstAsync("quillonz", 5));
        Assert.Equal(["Tanaka B", "Tanaka C", "Tanaka D", "Tanaka E"], (await FirstAsync("tanaka", 1, "Tanaka A", "\u007f")).Order());
    }

    private sealed record NameKey(string Name, long Key);
}
