using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Backfill.Tests.Backfilling;

namespace Backfill.Tests.Chaos;

/// <summary>
/// <c>dotnet Backfill.Web.dll</c> as a real process on 127.0.0.1: Development (local mode, loopback only), the
/// given store (an embedded file or a project on a Firestore emulator), the in-process sandbox with its control routes on. Stopped by its pid (SIGKILL)
/// on <see cref="KillAsync"/> and on dispose, so no test leaves it running.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AppProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public int Pid => _process.Id;

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string Tail => string.Join('\n', _output.TakeLast(40));

    /// <summary>The history end the app's sandbox and the test's oracle sandbox share (yesterday, UTC).</summary>
    public static DateOnly HistoryEnd { get; } = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    public static async Task<AppProcess> StartAsync(ChaosStore store, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = FindWebDll();
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["DOTNET_gcServer"] = "0",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Klaviyo__Sandbox__Enabled"] = "true",
            ["Klaviyo__Sandbox__EnableControlEndpoint"] = "true",
            ["Klaviyo__Sandbox__RateLimitsEnabled"] = "false",
            ["Klaviyo__Sandbox__RegisterDemoClients"] = "true",
            ["Klaviyo__Sandbox__HistoryEndDate"] = HistoryEnd.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Klaviyo__AttemptTimeout"] = "00:00:03",
        };
        foreach (var (key, value) in BackfillTestHost.FastKlaviyo)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        foreach (var (key, value) in store.Settings.Concat(settings ?? new Dictionary<string, string>()))
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await app.WaitUntilReadyAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>kill -9: no shutdown hook runs, whatever was in flight is lost.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(limit.Token);
    }

    /// <summary>SIGSTOP: the process is frozen (its sockets stay open, nothing it sent is lost) until <see cref="ResumeAsync"/>.</summary>
    public Task SuspendAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT after <see cref="SuspendAsync"/>.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    public async Task<JsonElement> StatusAsync(string clientId)
    {
        using var response = await Client.GetAsync($"api/backfill/status/{clientId}", TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    /// <summary>Polls the status (bounded) until <paramref name="condition"/> holds.</summary>
    public async Task<JsonElement> WaitForAsync(string clientId, Func<JsonElement, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(4));
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"the app exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{Tail}");
            last = await StatusAsync(clientId);
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"{clientId} did not reach the expected state; last: {last}\n{Tail}");
    }

    public async Task PostAsync(string path, string? json = null)
    {
        using var content = json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(path, content, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    public async Task DeleteAsync(string path)
    {
        using var response = await Client.DeleteAsync(path, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"DELETE {path}: {(int)response.StatusCode}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start");
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, kill.ExitCode);
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the app exited with {_process.ExitCode}:\n{Tail}");
            }

            try
            {
                using var response = await Client.GetAsync("api/backfill/status", TestContext.Current.CancellationToken);
                if (response.StatusCode == HttpStatusCode.OK
                    && (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Contains("rogue-creamery", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"the app did not become ready:\n{Tail}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The web app's own build output (next to its runtimeconfig and static web assets manifest).</summary>
    private static string FindWebDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "Backfill.Web", "bin", configuration, "net10.0", "Backfill.Web.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Backfill.Web.dll not found; build the solution first (dotnet build Backfill.sln).");
    }
}
