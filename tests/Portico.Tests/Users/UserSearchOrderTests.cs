using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.Users;

namespace Portico.Tests.Users;

/// <summary>
/// A search pages through its matches in list order — (DisplayName, NormalizedEmail) in byte order on both databases —
/// without skipping or repeating anyone, also where many names share the prefix PostgreSQL's ordered index keys on.
/// </summary>
public sealed class UserSearchOrderTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Note: "Tanaka " fills the 52-bit order key's Latin part, so every "Tanaka …" ties on it; 山田 + space + 太 ties for
    // every given name starting with a character near 太. Upper and lower case and full-width forms fold to the same
    // search key but sort apart in byte order.
    private static readonly string[] Names =
    [
        "Tanaka Zoe", "Tanaka Adam", "Tanaka adam", "Tanaka Ben", "tanaka Ben", "Tanaka", "Tanak Ada", "Atanaka Lee",
        "Ｔａｎａｋａ Wide", "山田 太郎", "山田 太一", "山田 太", "山田 大介", "Tanaka Zoe", "Tanaka Zoe", "Tanaka Mia",
        "Tanaka Émile", "Tanaka Ólafur", "Tanakas", "Tanaka-Smith", "Tanaka O'Neil", "Tanaka Back\\slash",
    ];

    private async Task<(Guid Org, List<(Guid Id, string Name, string NormalizedEmail)> Expected)> ArrangeAsync()
    {
        var org = (await factory.AnOrganizationAsync()).Organization.Id;
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var added = new List<Account>();
        for (var i = 0; i < 3; i++)
        {
            foreach (var name in Names)
            {
                var account = factory.UnsavedWorkAccount(org, name, name.StartsWith('山') ? "やまだ たなか" : null, i == 1 ? "B" : "a");
                db.Users.Add(account);
                added.Add(account);
            }
        }

        await db.SaveChangesAsync(Ct);
        var expected = added
            .OrderBy(a => a.DisplayName, Utf8ByteOrder.Instance).ThenBy(a => a.NormalizedEmail, Utf8ByteOrder.Instance)
            .Select(a => (a.Id, a.DisplayName, a.NormalizedEmail!)).ToList();
        return (org, expected);
    }

    [Theory]
    [InlineData("tanaka", 1)]
    [InlineData("tanaka", 4)]
    [InlineData("tanaka", 7)]
    [InlineData("anak", 5)]
    [InlineData("山田 太", 2)]
    [InlineData("tanaka", 100)]
    public async Task Search_PagedThrough_ReturnsEveryMatchOnceInByteOrder(string q, int limit)
    {
        var (org, all) = await ArrangeAsync();
        var folded = SearchKey.Fold(q);
        await using var check = factory.Scope();
        var keys = await check.ServiceProvider.GetRequiredService<AppDbContext>().Users
            .Where(a => a.OrganizationId == org).Select(a => new { a.Id, a.SearchKey }).ToDictionaryAsync(a => a.Id, a => a.SearchKey, Ct);
        var expected = all.Where(a => keys[a.Id].Contains(folded, StringComparison.Ordinal)).Select(a => a.Id).ToList();

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            await using var scope = factory.Scope();
            var page = await scope.ServiceProvider.GetRequiredService<UserQueries>()
                .ListAsync(org, new UserListFilter(q, null, null, cursor, limit), Ct);
            Assert.True(page.Items.Count <= limit);
            Assert.True(page.NextCursor is null || page.Items.Count == limit, "a page before the last is full");
            seen.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
            Assert.True(++pages <= all.Count + 1, "paging ends");
        }
        while (cursor is not null);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Search_WithRoleOrStatusFilter_KeepsTheSameOrder()
    {
        var (org, all) = await ArrangeAsync();

        await using var scope = factory.Scope();
        var page = await scope.ServiceProvider.GetRequiredService<UserQueries>()
            .ListAsync(org, new UserListFilter("tanaka", null, UserStatuses.Active, null, 10), Ct);

        var folded = SearchKey.Fold("tanaka");
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var keys = await db.Users.Where(a => a.OrganizationId == org).ToDictionaryAsync(a => a.Id, a => a.SearchKey, Ct);
        Assert.Equal(all.Where(a => keys[a.Id].Contains(folded, StringComparison.Ordinal)).Take(10).Select(a => a.Id), page.Items.Select(i => i.Id));
    }
}
