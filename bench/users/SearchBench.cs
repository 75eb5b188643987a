using System.Data.Common;
using System.Globalization;
using System.Text;
using Portico.Web.Data;
using Portico.Web.Features.Users;

namespace Portico.Bench.Users;

internal sealed record SearchCase(string Name, Func<Random, string> Term);

internal sealed record ResultRow(string Query, string Organization, Stats Indexed, Stats? Naive, string NaiveKind);

/// <summary>
/// Times the real <see cref="UserQueries.ListAsync"/> (a fresh DbContext per call, as per request) against naive SQL
/// in the same run: unindexed <c>LIKE '%…%'</c> on the raw name, reading and email columns, and OFFSET paging.
/// <paramref name="between"/>, when given, runs untimed before every timed call (a commit by another connection).
/// </summary>
internal sealed class SearchBench(Target target, Dataset data, int repetitions, Func<Task>? between = null)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly OrderedSearchIndex OrderedIndex = new();

    private static readonly string[] LatinWords = [.. Names.FirstNames, .. Names.LastNames, .. Names.Surnames.Select(s => Capitalize(s.Romaji))];

    private static readonly string[] LongReadings = [.. Names.Surnames.Select(s => s.Reading).Where(r => r.Length >= 3)];

    private static readonly string[] TwoKanji = [.. Names.Surnames.Select(s => s.Kanji).Where(k => k.Length == 2)];

    /// <summary>Words the prefix case takes its first 4 letters from.</summary>
    private static readonly string[] PrefixWords = [.. LatinWords.Where(w => w.Length >= 4)];

    /// <summary>Words the infix case takes 3–4 letters from, starting after the first letter and ending before the last.</summary>
    private static readonly string[] InfixWords = [.. LatinWords.Where(w => w.Length >= 6).Select(w => w.ToLowerInvariant())];

    public static readonly SearchCase[] Cases =
    [
        new("prefix, Latin/romaji, 4 letters (`Yama`, `John`)", r => Pick(PrefixWords, r)[..4]),
        new("infix, 3–4 letters inside a name (`amad`, `ohns`)", r =>
        {
            var word = Pick(InfixWords, r);
            return word.Substring(1 + r.Next(word.Length - 5), 3 + r.Next(2));
        }),
        new("kana, hiragana reading (`やまだ`)", r => Pick(LongReadings, r)),
        new("kana, katakana reading (`ヤマダ`)", r => Names.ToKatakana(Pick(LongReadings, r))),
        new("kana, half-width katakana (`ﾔﾏﾀﾞ`)", r => Names.ToHalfWidthKatakana(Pick(LongReadings, r))),
        new("2-character kanji surname (`山田`)", r => Pick(TwoKanji, r)),
        new("full-width Latin (`Ｔａｎａｋａ`)", r => ToFullWidth(Pick(LatinWords.Where(w => w.Length >= 5).ToArray(), r))),
        new("in every key: the email domain (`example`)", _ => "example"),
    ];

    /// <summary>
    /// Every term the prefix and infix cases can draw, folded as the app folds them: the term list of
    /// <c>bench/users/probe-terms.sql</c> (<c>--print-terms</c>).
    /// </summary>
    public static IEnumerable<string> DrawableTerms()
    {
        var prefixes = PrefixWords.Select(w => w[..4]);
        var infixes = InfixWords.SelectMany(w => Enumerable.Range(1, w.Length - 5).SelectMany(start => new[] { w.Substring(start, 3), w.Substring(start, 4) }));
        return prefixes.Concat(infixes).Select(SearchKey.Fold).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
    }

    public List<ResultRow> Results { get; } = [];

    public List<(string Title, string Plan)> Plans { get; } = [];

    public int Mismatches { get; private set; }

    public int Checked { get; private set; }

    public async Task RunAsync()
    {
        var large = data.Large.Id;
        var naiveLargeReps = Math.Max(10, repetitions / 10);
        foreach (var c in Cases)
        {
            await CheckSameAnswersAsync(c);

            // Note: terms (and organizations) are drawn before timing; indexed and naive runs see the same sequence.
            var terms = Terms(c, Dataset.Seed + 1, repetitions + 10);
            var indexed = await Measure.TimeAsync(repetitions, 10, i => IndexedAsync(large, terms[i], null), between);
            var naive = await Measure.TimeAsync(naiveLargeReps, 2, i => NaiveSearchAsync(large, terms[i]), between);
            Results.Add(new ResultRow(c.Name, $"large ({data.LargeOrganizationSize:N0})", indexed, naive, "LIKE on raw columns"));

            terms = Terms(c, Dataset.Seed + 2, repetitions + 10);
            var orgs = Orgs(Dataset.Seed + 2, repetitions + 10);
            var small = await Measure.TimeAsync(repetitions, 10, i => IndexedAsync(orgs[i], terms[i], null), between);
            var naiveSmall = await Measure.TimeAsync(repetitions / 2, 5, i => NaiveSearchAsync(orgs[i], terms[i]), between);
            Results.Add(new ResultRow(c.Name, "typical (~" + ((data.AccountCount - data.LargeOrganizationSize) / Math.Max(1, data.OrganizationCount - 1)).ToString(Inv) + ")", small, naiveSmall, "LIKE on raw columns"));
        }

        // Listing: the first page and the 50th page (cursor after 49 pages of 50) of the large organization.
        string? cursor = null;
        for (var page = 1; page < 50; page++)
        {
            await using var db = new AppDbContext(target.Options);
            cursor = (await new UserQueries(db, TimeProvider.System, OrderedIndex).ListAsync(large, new UserListFilter(null, null, null, cursor, 50), default)).NextCursor;
        }

        var first = await Measure.TimeAsync(repetitions, 10, _ => IndexedAsync(large, null, null), between);
        var firstNaive = await Measure.TimeAsync(naiveLargeReps, 2, _ => NaiveOffsetPageAsync(large, 0), between);
        Results.Add(new ResultRow("listing, first page (50 rows)", $"large ({data.LargeOrganizationSize:N0})", first, firstNaive, "OFFSET 0"));
        var fiftieth = await Measure.TimeAsync(repetitions, 10, _ => IndexedAsync(large, null, cursor), between);
        var fiftiethNaive = await Measure.TimeAsync(naiveLargeReps, 2, _ => NaiveOffsetPageAsync(large, 49 * 50), between);
        Results.Add(new ResultRow("listing, 50th page (keyset cursor)", $"large ({data.LargeOrganizationSize:N0})", fiftieth, fiftiethNaive, "OFFSET 2450"));

        await ExplainAsync("search `yamada` in the large organization", large, "yamada", null);
        await ExplainAsync("search `山田` (2 characters) in the large organization", large, "山田", null);
        await ExplainAsync("search `tanaka` in a typical organization", data.Organizations[1].Id, "tanaka", null);
        await ExplainAsync("search `example` (in every key: the list-order walk) in the large organization", large, "example", null);
        await ExplainAsync("listing, first page, large organization", large, null, null);
        await ExplainAsync("listing, 50th page, large organization", large, null, cursor);
    }

    public void Print(TextWriter output)
    {
        output.WriteLine($"## {target.Name}: search and listing through `UserQueries.ListAsync` (p50/p95 in ms)");
        output.WriteLine();
        output.WriteLine("| query | organization | n | p50 | p95 | max | rows | naive n | naive p50 | naive p95 | naive is | p95 naive ÷ indexed |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (var r in Results)
        {
            var n = r.Naive;
            output.WriteLine(string.Create(Inv,
                $"| {r.Query} | {r.Organization} | {r.Indexed.Count} | {Measure.Ms(r.Indexed.P50)} | {Measure.Ms(r.Indexed.P95)} | {Measure.Ms(r.Indexed.Max)} | {r.Indexed.AverageRows:F0} | {n?.Count} | {(n is null ? "" : Measure.Ms(n.P50))} | {(n is null ? "" : Measure.Ms(n.P95))} | {r.NaiveKind} | {(n is null ? "" : Measure.Ratio(n.P95, r.Indexed.P95))} |"));
        }

        output.WriteLine();
        output.WriteLine("Target: p95 ≤ 20 ms for search and listing. \"naive\" is the same page without the search index, in the same run.");
        output.WriteLine();
        output.WriteLine(string.Create(Inv, $"Same answers as a plain scan of the folded key (first page, {Checked} searches compared): {(Mismatches == 0 ? "yes" : Mismatches + " differed")}."));
        output.WriteLine();
    }

    public void PrintPlans(TextWriter output)
    {
        output.WriteLine($"### {target.Name}: query plans of the SQL `UserQueries` sends");
        output.WriteLine();
        foreach (var (title, plan) in Plans)
        {
            output.WriteLine($"{title}:");
            output.WriteLine();
            output.WriteLine("```");
            output.WriteLine(plan.TrimEnd());
            output.WriteLine("```");
            output.WriteLine();
        }
    }

    private static string[] Terms(SearchCase c, int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => c.Term(random))];
    }

    private Guid[] Orgs(int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => SmallOrg(random))];
    }

    private Guid SmallOrg(Random random) => data.Organizations[1 + random.Next(data.OrganizationCount - 1)].Id;

    private async Task<int> IndexedAsync(Guid organizationId, string? q, string? cursor)
    {
        await using var db = new AppDbContext(target.Options);
        var page = await new UserQueries(db, TimeProvider.System, OrderedIndex).ListAsync(organizationId, new UserListFilter(q, null, null, cursor, 50), default);
        return page.Items.Count;
    }

    private async Task<int> NaiveSearchAsync(Guid organizationId, string q)
    {
        await using var connection = target.Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        string Q(string name) => target.Q(name);
        command.CommandText = $"""
            SELECT {Q("Id")}, {Q("Email")}, {Q("DisplayName")}, {Q("NameReading")} FROM {Q("Accounts")}
            WHERE {Q("OrganizationId")} = @org AND {Q("Kind")} = 'Work'
              AND ({Q("DisplayName")} {target.Like} @p ESCAPE '\' OR {Q("NameReading")} {target.Like} @p ESCAPE '\' OR {Q("Email")} {target.Like} @p ESCAPE '\')
            ORDER BY {Q("DisplayName")}, {Q("NormalizedEmail")} LIMIT 51
            """;
        Target.Parameter(command, "@org", target.Id(organizationId));
        Target.Parameter(command, "@p", "%" + SearchKey.EscapeLike(q.Trim()) + "%");
        return await CountAsync(command);
    }

    private async Task<int> NaiveOffsetPageAsync(Guid organizationId, int offset)
    {
        await using var connection = target.Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        string Q(string name) => target.Q(name);
        command.CommandText = $"""
            SELECT {Q("Id")}, {Q("Email")}, {Q("DisplayName")}, {Q("NameReading")} FROM {Q("Accounts")}
            WHERE {Q("OrganizationId")} = @org AND {Q("Kind")} = 'Work'
            ORDER BY {Q("DisplayName")}, {Q("NormalizedEmail")} LIMIT 51 OFFSET {offset.ToString(Inv)}
            """;
        Target.Parameter(command, "@org", target.Id(organizationId));
        return await CountAsync(command);
    }

    /// <summary>The first page must be exactly what a plain (slow) substring scan of the folded key returns.</summary>
    private async Task CheckSameAnswersAsync(SearchCase c)
    {
        var random = new Random(Dataset.Seed + 3);
        for (var i = 0; i < 10; i++)
        {
            var org = i % 2 == 0 ? data.Large.Id : SmallOrg(random);
            var q = c.Term(random);
            await using var db = new AppDbContext(target.Options);
            var page = await new UserQueries(db, TimeProvider.System, OrderedIndex).ListAsync(org, new UserListFilter(q, null, null, null, 50), default);
            var expected = await ReferenceAsync(org, q);
            Checked++;
            if (!page.Items.Select(x => x.Id).SequenceEqual(expected))
            {
                Mismatches++;
                Console.Error.WriteLine($"mismatch: {target.Name} q={q} got {page.Items.Count}, expected {expected.Count}");
            }
        }
    }

    private async Task<List<Guid>> ReferenceAsync(Guid organizationId, string q)
    {
        await using var connection = target.Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        string Q(string name) => target.Q(name);
        command.CommandText = $"""
            SELECT {Q("Id")} FROM {Q("Accounts")}
            WHERE {Q("OrganizationId")} = @org AND {Q("Kind")} = 'Work' AND {Q("SearchKey")} LIKE @p ESCAPE '\'
            ORDER BY {Q("DisplayName")}, {Q("NormalizedEmail")} LIMIT 50
            """;
        Target.Parameter(command, "@org", target.Id(organizationId));
        Target.Parameter(command, "@p", "%" + SearchKey.EscapeLike(SearchKey.Fold(q)) + "%");
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private async Task ExplainAsync(string title, Guid organizationId, string? q, string? cursor)
    {
        target.Capture.Enabled = true;
        await IndexedAsync(organizationId, q, cursor);
        target.Capture.Enabled = false;
        if (target.Capture.CommandText is not { } sql)
        {
            return;
        }

        await using var connection = target.Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = (target.IsPostgres ? "EXPLAIN (ANALYZE, COSTS OFF, BUFFERS) " : "EXPLAIN QUERY PLAN ") + sql;
        foreach (var (name, value) in target.Capture.Parameters)
        {
            Target.Parameter(command, name, value ?? DBNull.Value);
        }

        var plan = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            // SQLite: (id, parent, notused, detail); PostgreSQL: one text column per line.
            plan.AppendLine(target.IsPostgres ? reader.GetString(0) : reader.GetString(3));
        }

        Plans.Add((title, plan.ToString()));
    }

    private static async Task<int> CountAsync(DbCommand command)
    {
        var count = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            count++;
        }

        return count;
    }

    private static string Pick(string[] items, Random random) => items[random.Next(items.Length)];

    private static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static string ToFullWidth(string ascii) =>
        string.Create(ascii.Length, ascii, (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                span[i] = s[i] is >= '!' and <= '~' ? (char)(s[i] + 0xFEE0) : s[i];
            }
        });
}
