using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.Users;

namespace Portico.Tests.Users;

/// <summary>
/// The search index (SQLite FTS5 trigram with triggers; PostgreSQL trigram and pair GIN indexes) must return exactly
/// what a plain substring scan of the folded key returns, stay in step with renames and deletes, and keep input literal.
/// </summary>
public sealed class UserSearchIndexTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly (string Name, string? Reading)[] People =
    [
        ("山田 美香", "ヤマダ ミカ"), ("東山田 太郎", "ひがしやまだ たろう"), ("山本 健", "やまもと けん"), ("林 直子", "はやし なおこ"),
        ("小林 誠", "こばやし まこと"), ("Taylor Tanaka", null), ("Tana Ito", null), ("Sean O\"Brien*", null),
        ("100% Sure", null), ("a_b Chen", null), ("Quinn AND OR NEAR(x) ^start col:on", null), ("ﾔﾏﾀﾞ ﾊﾅｺ", null),
        ("Ｊｕｎ Ｓａｔｏ", null), ("Mary-Ann Lee", null),
        ("D'Arcy Back\\slash", null), ("Rae: & | ! <-> Quote''d", null),
    ];

    public static TheoryData<string> Terms =>
    [
        "やまだ", "ﾔﾏﾀﾞ", "ヤマダ", "山田", "山", "林", "田 美", "美香", "Ｔａｎａｋａ", "tan", "ta", "t", "TANA", "ito",
        "\"", "o\"brien", "brien*", "*", "AND", "and or", "near(", "^start", "col:on", "%", "_", "100%", "a_b", "-",
        "(", "ー", "example.org", "jun sato", "sato", "ーー", "zzzz", "ぁ", "山田 美香", "d'arcy", "k\\s", "\\", "'d",
        ": & |", "<->", "e''d",
    ];

    private async Task<(Guid Org, Guid OtherOrg)> ArrangeAsync()
    {
        var org = (await factory.AnOrganizationAsync()).Organization.Id;
        var other = (await factory.AnOrganizationAsync()).Organization.Id;
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        foreach (var orgId in new[] { org, other })
        {
            foreach (var (name, reading) in People)
            {
                db.Users.Add(factory.UnsavedWorkAccount(orgId, name, reading));
            }
        }

        await db.SaveChangesAsync(Ct);
        return (org, other);
    }

    /// <remarks>Note: with a status filter PostgreSQL takes the trigram GIN path even where the ordered index exists.</remarks>
    private async Task<List<Guid>> SearchAsync(Guid orgId, string q, string? status = null)
    {
        await using var scope = factory.Scope();
        var queries = scope.ServiceProvider.GetRequiredService<UserQueries>();
        var page = await queries.ListAsync(orgId, new UserListFilter(q, null, status, null, UserQueries.MaxLimit), Ct);
        return [.. page.Items.Select(i => i.Id)];
    }

    private async Task<List<Guid>> ScanAsync(Guid orgId, string q)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var folded = SearchKey.Fold(q);
        var keys = await db.Users.Where(a => a.OrganizationId == orgId && a.Kind == AccountKind.Work)
            .Select(a => new { a.Id, a.SearchKey }).ToListAsync(Ct);
        return [.. keys.Where(k => k.SearchKey.Contains(folded, StringComparison.Ordinal)).Select(k => k.Id)];
    }

    [Theory]
    [MemberData(nameof(Terms))]
    public async Task Search_AnyTerm_ReturnsExactlyWhatASubstringScanFinds(string q)
    {
        var (org, other) = await ArrangeAsync();

        var found = await SearchAsync(org, q);
        var filtered = await SearchAsync(org, q, UserStatuses.Active);

        var expected = await ScanAsync(org, q);
        Assert.Equal(expected.Order(), found.Order());
        Assert.Equal(expected.Order(), filtered.Order());
        Assert.Empty(found.Intersect(await ScanAsync(other, q)));
    }

    [Fact]
    public async Task Search_KanjiSurname_FindsItAnywhereInTheName()
    {
        var (org, _) = await ArrangeAsync();

        var names = await NamesAsync(org, "山田");

        Assert.Equal(["山田 美香", "東山田 太郎"], names.Order());
        Assert.Equal(["小林 誠", "林 直子"], (await NamesAsync(org, "林")).Order());
    }

    [Fact]
    public async Task Search_AfterRenameAndDelete_FollowsTheAccount()
    {
        var org = (await factory.AnOrganizationAsync()).Organization.Id;
        Guid id;
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var account = factory.UnsavedWorkAccount(org, "Zebulon Quarkfield", "ゼブロン");
            db.Users.Add(account);
            await db.SaveChangesAsync(Ct);
            id = account.Id;
        }

        Assert.Equal([id], await SearchAsync(org, "quarkf"));
        Assert.Equal([id], await SearchAsync(org, "ぜぶ"));

        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var account = await db.Users.SingleAsync(a => a.Id == id, Ct);
            account.DisplayName = "Zebulon Marshwood";
            account.NameReading = null;
            await db.SaveChangesAsync(Ct);
        }

        Assert.Empty(await SearchAsync(org, "quarkf"));
        Assert.Empty(await SearchAsync(org, "ぜぶ"));
        Assert.Equal([id], await SearchAsync(org, "marshw"));

        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Users.Where(a => a.Id == id).ExecuteDeleteAsync(Ct);
        }

        Assert.Empty(await SearchAsync(org, "marshw"));
        await AssertSqliteIndexIntactAsync();
    }

    [Fact]
    public async Task Search_AfterVacuum_StillFindsTheRightAccounts()
    {
        Assert.SkipWhen(PortalFactory.UsesPostgres, "VACUUM renumbering is a SQLite question.");
        var (org, _) = await ArrangeAsync();
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Users.Where(a => a.OrganizationId == org && a.DisplayName.StartsWith("Tana")).ExecuteDeleteAsync(Ct);
            await db.Database.ExecuteSqlRawAsync("VACUUM;", Ct);
        }

        foreach (var q in new[] { "tan", "山田", "やまだ", "林" })
        {
            Assert.Equal((await ScanAsync(org, q)).Order(), (await SearchAsync(org, q)).Order());
        }

        await AssertSqliteIndexIntactAsync();
    }

    [Theory]
    [InlineData("abc", "\"abc\"")]
    [InlineData("o\"brien", "\"o\"\"brien\"")]
    [InlineData("a* OR b", "\"a* OR b\"")]
    public void QuoteFts_Input_IsOneLiteralString(string input, string expected) =>
        Assert.Equal(expected, UserQueries.QuoteFts(input));

    private async Task<List<string>> NamesAsync(Guid orgId, string q)
    {
        await using var scope = factory.Scope();
        var queries = scope.ServiceProvider.GetRequiredService<UserQueries>();
        var page = await queries.ListAsync(orgId, new UserListFilter(q, null, null, null, UserQueries.MaxLimit), Ct);
        return [.. page.Items.Select(i => i.DisplayName)];
    }

    private async Task AssertSqliteIndexIntactAsync()
    {
        if (PortalFactory.UsesPostgres)
        {
            return;
        }

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        // Note: FTS5's own consistency check; a removal that named other text than was indexed fails it (SQLITE_CORRUPT).
        await db.Database.ExecuteSqlRawAsync("INSERT INTO AccountSearch (AccountSearch) VALUES ('integrity-check');", Ct);
    }
}

/// <summary>The SQLite migration indexes the accounts that exist when it runs, not only those added after.</summary>
public sealed class UserSearchIndexMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrate_ExistingAccounts_AreFoundThroughTheNewIndex()
    {
        Assert.SkipWhen(PortalFactory.UsesPostgres, "The SQLite migration's backfill.");
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(Ct);
        var options = new DbContextOptionsBuilder<AppDbContext>()
            .UseSqlite(connection, o => o.MigrationsAssembly(DatabaseSetup.SqliteMigrationsAssembly)).Options;
        await using var db = new AppDbContext(options);
        var migrator = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var before = migrations[migrations.FindIndex(m => m.EndsWith("_UserSearchIndex", StringComparison.Ordinal)) - 1];
        await migrator.MigrateAsync(before, Ct);

        // Note: rows are written with SQL against the schema as it was then; the current model may have more columns.
        var organizationId = Guid.NewGuid();
        await InsertAsync(connection, "Organizations", new() { ["Id"] = organizationId, ["PartnerId"] = "P000001", ["DisplayName"] = "Before", ["Country"] = "JP", ["CreatedUtc"] = DateTime.UtcNow });
        var accountId = Guid.NewGuid();
        await InsertAsync(connection, "Accounts", new()
        {
            ["Id"] = accountId, ["UserName"] = "acct-" + accountId.ToString("N"), ["Kind"] = "Work", ["OrganizationId"] = organizationId,
            ["Email"] = "mika.yamada@example.org", ["NormalizedEmail"] = "MIKA.YAMADA@EXAMPLE.ORG", ["DisplayName"] = "山田 美香", ["NameReading"] = "ヤマダ ミカ", ["CreatedUtc"] = DateTime.UtcNow,
            ["SearchKey"] = SearchKey.ForAccount("山田 美香", "ヤマダ ミカ", "mika.yamada@example.org"),
        });
        var organization = new { Id = organizationId };

        await migrator.MigrateAsync(cancellationToken: Ct);

        var queries = new UserQueries(db, TimeProvider.System, new OrderedSearchIndex());
        foreach (var q in new[] { "山田", "ﾔﾏﾀﾞ", "yamada", "美" })
        {
            var page = await queries.ListAsync(organization.Id, new UserListFilter(q, null, null, null, 10), Ct);
            Assert.Equal("山田 美香", Assert.Single(page.Items).DisplayName);
        }
    }

    /// <summary>Inserts a row, filling NOT NULL columns without a default that <paramref name="values"/> leaves out with 0 or ''.</summary>
    private static async Task InsertAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string table, Dictionary<string, object?> values)
    {
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = $"PRAGMA table_info(\"{table}\")";
            await using var reader = await info.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                var (name, type, notNull, hasDefault) = (reader.GetString(1), reader.GetString(2), reader.GetInt32(3) == 1, !reader.IsDBNull(4));
                if (notNull && !hasDefault && !values.ContainsKey(name))
                {
                    values[name] = type.Contains("INT", StringComparison.OrdinalIgnoreCase) ? 0 : "";
                }
            }
        }

        await using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", values.Keys.Select(k => $"\"{k}\""))}) VALUES ({string.Join(", ", values.Keys.Select((_, i) => "$p" + i))})";
        foreach (var (value, i) in values.Values.Select((v, i) => (v, i)))
        {
            insert.Parameters.AddWithValue("$p" + i, value switch { Guid g => g.ToString().ToUpperInvariant(), DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture), null => DBNull.Value, _ => value });
        }

        await insert.ExecuteNonQueryAsync(Ct);
    }
}
