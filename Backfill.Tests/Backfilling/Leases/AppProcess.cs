using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Backfill.Tests.Backfilling.Leases;

/// <summary>
/// <c>dotnet Backfill.Web.dll</c> as a real process on 127.0.0.1 (port 0), configured through environment variables,
/// serving its own Klaviyo sandbox. Its output is kept for assertions on what it logged; it is killed by pid on dispose.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(string instanceId, Process process)
    {
        InstanceId = instanceId;
        _process = process;
    }

    public string InstanceId { get; }

    public int Pid => _process.Id;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<AppProcess> StartAsync(string instanceId, string workingDirectory, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workingDirectory);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Backfill.Web.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Backfill__InstanceId"] = instanceId;
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var app = new AppProcess(instanceId, Process.Start(start)!);
        app._process.OutputDataReceived += app.Collect;
        app._process.ErrorDataReceived += app.Collect;
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            var exited = app._process.WaitForExitAsync(limit.Token);
            if (await Task.WhenAny(app._listening.Task, exited) != app._listening.Task)
            {
                throw new InvalidOperationException($"instance {instanceId} exited before listening:\n{app.Output}");
            }

            app.Http.BaseAddress = await app._listening.Task;
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private void Collect(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(e.Data);
        }

        const string Marker = "Now listening on: ";
        var at = e.Data.IndexOf(Marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            _listening.TrySetResult(new Uri(e.Data[(at + Marker.Length)..].Trim()));
        }
    }

    /// <summary>How many lines of the output contain <paramref name="text"/>.</summary>
    public int CountLines(string text) => Output.Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal));

    public async Task<JsonElement> PostAsync(string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsJsonAsync(path, body ?? new { }, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"POST {path} on {InstanceId}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The client's status as this instance shows it; null while it does not know the client yet (404).</summary>
    public async Task<JsonElement?> StatusAsync(string clientId, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync($"/api/backfill/status/{clientId}", cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.True(response.IsSuccessStatusCode, $"GET status of {clientId} on {InstanceId}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Sends a signal (SIGSTOP, SIGCONT) to the process by pid.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    /// <summary>kill -9.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // A stopped process cannot die until it is continued.
                await SignalAsync("CONT");
                _process.Kill(entireProcessTree: true);
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await _process.WaitForExitAsync(limit.Token);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone.
        }

        _process.Dispose();
        Http.Dispose();
    }
}
