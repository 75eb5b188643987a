using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Portico.Bench.SignIn;
using Microsoft.Extensions.Options;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure.Passwords;

// bench/signin: the raw Argon2id rate of this machine (the physical limit of password sign-in) against end-to-end
// API sign-ins on a real Portico server process (Release build, SQLite file, loopback only), in one run.
var webDll = args.Length > 0 ? args[0] : throw new ArgumentException("usage: Portico.Bench <path to Portico.Web.dll> [seconds per level] [warm-up seconds] [server environment file]");
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
var warmupSeconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;

// The server's runtime environment as deployed (deploy/portico.env); a variable set in this process's environment
// wins, so a setting can be compared by overriding it.
var serverEnvironment = args.Length > 3
    ? File.ReadAllLines(args[3])
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('=', StringComparison.Ordinal))
        .Select(l => (Name: l[..l.IndexOf('=', StringComparison.Ordinal)], Value: l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]))
        .Where(v => Environment.GetEnvironmentVariable(v.Name) is null)
        .ToList()
    : [];
var cores = Environment.ProcessorCount;
var inv = CultureInfo.InvariantCulture;

Console.WriteLine($"# bench/signin — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {cores} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine();

// 1. Raw Argon2id hash rate with the production parameters, one thread per core (the same work sign-in does).
var hasher = new Argon2idPasswordHasher(Options.Create(new Argon2Options()));
var stored = hasher.HashPassword(new Account(), "bench-passphrase-correct-horse");
var (rawCpu, rawHashes) = (TimeSpan.Zero, 0L);

// 2. A real server process on 127.0.0.1 with a fresh database and the demo data.
var dataDir = Path.Combine(Path.GetTempPath(), "portico-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dataDir);
var port = FreePort();
var baseUrl = $"http://127.0.0.1:{port}";
var (firstStart, _) = await StartAndStopAsync(webDll, dataDir, baseUrl, serverEnvironment, keep: false);
var (coldStart, server) = await StartAndStopAsync(webDll, dataDir, baseUrl, serverEnvironment, keep: true);
try
{
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
    string[] users =
    [
        "alex.johnson@contoso.example", "mika.yamada@contoso.example", "sam.lee@contoso.example",
        "devon.park@contoso.example", "nora.admin@northwind.example", "ken.sato@northwind.example",
        "hana.helpdesk@northwind.example", "fumi.suzuki@fabrikam.example", "jun.ito@fabrikam.example",
    ];

    var endpoint = new IPEndPoint(IPAddress.Loopback, port);
    var requests = users
        .Select(u => KeepAliveClient.JsonPost(endpoint, "/api/v1/session", JsonSerializer.Serialize(new { email = u, password = DemoData.Password })))
        .ToArray();
    var idleRss = ReadStatusKb(server.Id, "VmRSS") / 1024.0;

    // Warm-up: connection pool, SQLite page cache and, above all, the JIT. Tiered compilation recompiles the hot
    // methods of ASP.NET Core and EF Core in the background for many seconds after the first requests; measured
    // without this, a third of the server's CPU went to the JIT (docs/benchmarks/signin.md).
    var warmupClients = Enumerable.Range(0, 4).Select(_ => new KeepAliveClient(endpoint)).ToArray();
    RunLoad(warmupClients, requests, TimeSpan.FromSeconds(warmupSeconds));
    foreach (var connection in warmupClients)
    {
        connection.Dispose();
    }

    // Note: on a shared VM the raw rate drifts by 10–20 % within minutes and by more within seconds when the host is
    // busy (session 7: 128–146 hashes/s between the levels of one run), so each level is measured in slices of SliceSeconds, each
    // slice between two short raw measurements, and the level is compared with the mean of those raw slices.
    const double SliceSeconds = 2;
    const double RawSliceSeconds = 1.5;
    var raws = new List<double>();
    var rows = new List<(int Clients, double Rate, double Raw, double P50, double P95, double P99, int Errors, double CpuMs, double HashingCpuMs, double ClientCpuMs, double Idle)>();
    foreach (var clients in new[] { 2, 4, 8, 16 })
    {
        var slices = Math.Max(1, (int)Math.Round(seconds / SliceSeconds));
        var clientConnections = Enumerable.Range(0, clients).Select(_ => new KeepAliveClient(endpoint)).ToArray();
        var levelRaws = new List<double> { raws.Count > 0 ? raws[^1] : MeasureRaw(hasher, stored, cores, TimeSpan.FromSeconds(RawSliceSeconds)) };
        var (count, errors, latencies, elapsed) = (0, 0, new List<double>(), TimeSpan.Zero);
        var (cpu, hashingCpu, clientCpu, idle, total) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0L, 0L);
        for (var slice = 0; slice < slices; slice++)
        {
            var cpuBefore = ProcessCpu(server.Id);
            var hashingBefore = HashingThreadsCpu(server.Id);
            var clientCpuBefore = Environment.CpuUsage.TotalTime;
            var machineBefore = MachineCpu();
            var result = RunLoad(clientConnections, requests, TimeSpan.FromSeconds(SliceSeconds));
            var machineAfter = MachineCpu();
            cpu += ProcessCpu(server.Id) - cpuBefore;
            hashingCpu += HashingThreadsCpu(server.Id) - hashingBefore;
            clientCpu += Environment.CpuUsage.TotalTime - clientCpuBefore;
            (idle, total) = (idle + machineAfter.Idle - machineBefore.Idle, total + machineAfter.Total - machineBefore.Total);
            (count, errors, elapsed) = (count + result.Count, errors + result.Errors, elapsed + result.Elapsed);
            latencies.AddRange(result.Latencies);
            levelRaws.Add(MeasureRaw(hasher, stored, cores, TimeSpan.FromSeconds(RawSliceSeconds)));
        }

        foreach (var connection in clientConnections)
        {
            connection.Dispose();
        }

        raws.AddRange(raws.Count == 0 ? levelRaws : levelRaws.Skip(1));
        latencies.Sort();
        rows.Add((clients, count / elapsed.TotalSeconds, levelRaws.Average(), Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99), errors,
            cpu.TotalMilliseconds / count, hashingCpu.TotalMilliseconds / count, clientCpu.TotalMilliseconds / count, (double)idle / total));
    }

    var rawRate = raws.Average();

    var peakRss = ReadStatusKb(server.Id, "VmHWM") / 1024.0;
    var rss = ReadStatusKb(server.Id, "VmRSS") / 1024.0;
    var (rssAnon, rssFile, rssShared) = (ReadStatusKb(server.Id, "RssAnon") / 1024.0, ReadStatusKb(server.Id, "RssFile") / 1024.0,
        ReadStatusKb(server.Id, "RssShmem") / 1024.0);

    // 3. Wrong password vs unknown email: interleaved, sequential, medians.
    var wrong = new List<double>();
    var unknown = new List<double>();
    for (var i = 0; i < 150; i++)
    {
        wrong.Add(await TimeOneAsync(http, "alex.johnson@contoso.example", "not-the-password-at-all-1"));
        unknown.Add(await TimeOneAsync(http, $"nobody{i}@nowhere.example", "not-the-password-at-all-1"));
    }

    wrong.Sort();
    unknown.Sort();

    Console.WriteLine("## Raw Argon2id (m=19456 KiB, t=2, p=1), one thread per core");
    Console.WriteLine();
    Console.WriteLine(string.Create(inv, $"{raws.Count} slices of {RawSliceSeconds} s, between the load slices below."));
    Console.WriteLine();
    Console.WriteLine("| threads | min hashes/s | median | max | mean | per core (mean) | CPU ms per hash (mean) | CPU ms per hash (process CPU time) |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
    var sortedRaws = raws.Order().ToList();
    Console.WriteLine(string.Create(inv,
        $"| {cores} | {sortedRaws[0]:F1} | {Percentile(sortedRaws, 0.5):F1} | {sortedRaws[^1]:F1} | {rawRate:F1} | {rawRate / cores:F1} | {cores * 1000 / rawRate:F2} | {rawCpu.TotalMilliseconds / rawHashes:F2} |"));
    Console.WriteLine();
    Console.WriteLine("## End-to-end POST /api/v1/session (valid password → session + audit row), loopback");
    Console.WriteLine();
    Console.WriteLine(string.Create(inv, $"Warm-up: {warmupSeconds} s at 4 clients; then {seconds} s per level in slices of {SliceSeconds} s, each between two raw slices. Server CPU"));
    Console.WriteLine("is utime + stime of the server process per sign-in; each level is compared with the mean of its raw slices, and");
    Console.WriteLine("\"outside hashing\" subtracts the CPU of one hash at that rate; \"hashing threads\" is the CPU of the server's hashing");
    Console.WriteLine("threads per sign-in (one hash each, to compare with the raw CPU per hash), the rest is request work; the load generator");
    Console.WriteLine("(this process: one keep-alive HTTP/1.1 connection per client, prepared request bytes) runs on the same cores,");
    Console.WriteLine("and its own CPU per sign-in is the next column; \"cores idle\" is the machine's idle share (/proc/stat) during the level.");
    Console.WriteLine("Server environment: "
        + (serverEnvironment.Count == 0 ? "none added" : string.Join(", ", serverEnvironment.Select(v => $"{v.Name}={v.Value}"))) + ".");
    Console.WriteLine();
    Console.WriteLine("| clients | sign-ins/s | raw hashes/s (its slices) | × raw hash rate | p50 ms | p95 ms | p99 ms | errors | server CPU ms / sign-in | outside hashing | hashing threads | rest of the server | load generator CPU ms / sign-in | cores idle |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    var ratios = new List<double>();
    for (var i = 0; i < rows.Count; i++)
    {
        var r = rows[i];
        var raw = r.Raw;
        ratios.Add(r.Rate / raw);
        Console.WriteLine(string.Create(inv,
            $"| {r.Clients} | {r.Rate:F1} | {raw:F1} | {r.Rate / raw:F2} | {r.P50:F1} | {r.P95:F1} | {r.P99:F1} | {r.Errors} | {r.CpuMs:F2} | {r.CpuMs - (cores * 1000 / raw):F2} | {r.HashingCpuMs:F2} | {r.CpuMs - r.HashingCpuMs:F2} | {r.ClientCpuMs:F2} | {r.Idle:P0} |"));
    }

    Console.WriteLine();
    Console.WriteLine("## Uniform failures (sequential, 150 each, interleaved)");
    Console.WriteLine();
    Console.WriteLine("| case | median ms | p95 ms |");
    Console.WriteLine("|---|---:|---:|");
    Console.WriteLine(string.Create(inv, $"| wrong password (known email) | {Percentile(wrong, 0.5):F2} | {Percentile(wrong, 0.95):F2} |"));
    Console.WriteLine(string.Create(inv, $"| unknown email | {Percentile(unknown, 0.5):F2} | {Percentile(unknown, 0.95):F2} |"));
    Console.WriteLine(string.Create(inv, $"| ratio unknown / wrong | {Percentile(unknown, 0.5) / Percentile(wrong, 0.5):F2} | |"));
    Console.WriteLine();
    Console.WriteLine("## Process");
    Console.WriteLine();
    Console.WriteLine("| measure | value | target |");
    Console.WriteLine("|---|---:|---:|");
    Console.WriteLine(string.Create(inv, $"| first start (migrate + seed demo) to healthy /healthz | {firstStart.TotalMilliseconds:F0} ms | |"));
    Console.WriteLine(string.Create(inv, $"| cold start (existing database) to healthy /healthz | {coldStart.TotalMilliseconds:F0} ms | ≤ 2000 ms |"));
    Console.WriteLine(string.Create(inv, $"| resident memory after start, idle (VmRSS) | {idleRss:F0} MB | |"));
    Console.WriteLine(string.Create(inv, $"| resident memory after load (VmRSS) | {rss:F0} MB | ≤ 250 MB |"));
    Console.WriteLine(string.Create(inv, $"| peak resident memory (VmHWM) | {peakRss:F0} MB | ≤ 250 MB |"));
    Console.WriteLine(string.Create(inv, $"| after load: anonymous / file-backed / shared (RssAnon / RssFile / RssShmem) | {rssAnon:F0} / {rssFile:F0} / {rssShared:F0} MB | |"));
    Console.WriteLine(string.Create(inv, $"| best sign-ins/s ÷ raw hash rate (of the levels) | {ratios.Max():F2} | ≥ 0.90 |"));
}
finally
{
    server.Kill(entireProcessTree: true);
    await server.WaitForExitAsync();
    try
    {
        Directory.Delete(dataDir, recursive: true);
    }
    catch (IOException)
    {
    }
}

// The machine's idle and total CPU time (jiffies, all cores) from the first line of /proc/stat.
static (long Idle, long Total) MachineCpu()
{
    var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
        .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();

    // Note: user nice system idle iowait irq softirq steal; guest time is already inside user.
    return (fields[3] + fields[4], fields.Take(8).Sum());
}

static TimeSpan ProcessCpu(int pid) => StatCpu(File.ReadAllText($"/proc/{pid}/stat"));

// utime + stime of a /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat line: fields 14 and 15, in clock ticks (100 per
// second on Linux), counted after the command name, which is in parentheses and may contain spaces.
static TimeSpan StatCpu(string stat)
{
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    return TimeSpan.FromSeconds(ticks / 100.0);
}

// CPU of the server's hashing threads (PasswordHashingQueue names them "Portico hashing N"), from each thread's
// /proc/<pid>/task/<tid>/stat; the threads live as long as the server.
static TimeSpan HashingThreadsCpu(int pid)
{
    var total = TimeSpan.Zero;
    foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(task, "stat"));
            if (stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..].StartsWith("Portico hashing", StringComparison.Ordinal))
            {
                total += StatCpu(stat);
            }
        }
        catch (IOException)
        {
            // Note: a thread that ended between listing and reading.
        }
    }

    return total;
}

double MeasureRaw(Argon2idPasswordHasher hasher, string stored, int threads, TimeSpan duration)
{
    var cpuBefore = Environment.CpuUsage.TotalTime;
    var stop = Stopwatch.StartNew();
    var counts = new long[threads];
    var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
    {
        while (stop.Elapsed < duration)
        {
            hasher.VerifyHashedPassword(new Account(), stored, "bench-passphrase-correct-horse");
            counts[t]++;
        }
    })).ToList();
    workers.ForEach(w => w.Start());
    workers.ForEach(w => w.Join());
    rawCpu += Environment.CpuUsage.TotalTime - cpuBefore;
    rawHashes += counts.Sum();
    return counts.Sum() / stop.Elapsed.TotalSeconds;
}

static async Task<(TimeSpan Elapsed, Process Server)> StartAndStopAsync(
    string webDll, string dataDir, string baseUrl, List<(string Name, string Value)> environment, bool keep)
{
    var info = new ProcessStartInfo("dotnet", [webDll, "--urls", baseUrl, "--contentRoot", Path.GetDirectoryName(Path.GetFullPath(webDll))!])
    {
        WorkingDirectory = dataDir,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    info.Environment["Portico__DemoData"] = "true";
    info.Environment["ConnectionStrings__Portico"] = $"Data Source={Path.Combine(dataDir, "portico.db")}";
    info.Environment["Portico__Email__PickupDirectory"] = Path.Combine(dataDir, "outbox");
    info.Environment["Portico__RateLimits__PublicFormPermits"] = "100000000";
    info.Environment["Portico__Passwords__Queue__QueueLimit"] = "256";
    info.Environment["Logging__LogLevel__Default"] = "Warning";
    info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    foreach (var (name, value) in environment)
    {
        info.Environment[name] = value;
    }

    using var probe = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(1) };
    var clock = Stopwatch.StartNew();
    var process = Process.Start(info)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("server: " + e.Data); } };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    while (true)
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"The server exited with code {process.ExitCode}.");
        }

        try
        {
            using var response = await probe.GetAsync("/healthz");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }
        }
        catch (HttpRequestException)
        {
        }
        catch (TaskCanceledException)
        {
        }

        if (clock.Elapsed > TimeSpan.FromSeconds(60))
        {
            process.Kill(true);
            throw new TimeoutException("The server did not become healthy within 60 s.");
        }

        await Task.Delay(10);
    }

    var elapsed = clock.Elapsed;
    if (!keep)
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    return (elapsed, process);
}

static (int Count, int Errors, List<double> Latencies, TimeSpan Elapsed) RunLoad(KeepAliveClient[] clients, byte[][] requests, TimeSpan duration)
{
    var latencies = new List<double>();
    var errors = 0;
    var clock = Stopwatch.StartNew();
    var threads = clients.Select((client, c) => new Thread(() =>
    {
        var local = new List<double>();
        var i = c;
        while (clock.Elapsed < duration)
        {
            var started = Stopwatch.GetTimestamp();
            int status;
            try
            {
                status = client.Send(requests[i++ % requests.Length]);
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                status = 0;
            }

            local.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (status != 200)
            {
                Interlocked.Increment(ref errors);
            }
        }

        lock (latencies)
        {
            latencies.AddRange(local);
        }
    })).ToList();
    threads.ForEach(t => t.Start());
    threads.ForEach(t => t.Join());
    return (latencies.Count, errors, latencies, clock.Elapsed);
}

static async Task<double> TimeOneAsync(HttpClient http, string email, string password)
{
    var started = Stopwatch.GetTimestamp();
    using var response = await http.PostAsJsonAsync("/api/v1/session", new { email, password });
    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    if (response.StatusCode != HttpStatusCode.Unauthorized)
    {
        throw new InvalidOperationException($"Expected 401, got {(int)response.StatusCode}.");
    }

    return elapsed;
}

static double Percentile(List<double> sorted, double p) =>
    sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static long ReadStatusKb(int pid, string field)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith(field + ":", StringComparison.Ordinal))
        {
            return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
    }

    return 0;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
