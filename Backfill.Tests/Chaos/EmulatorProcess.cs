using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Chaos;

/// <summary>
/// A Firestore emulator of a scenario's own (the shared one must not be killed), on 127.0.0.1, that the scenario
/// kills with SIGKILL and starts again on the same port. The emulator keeps its documents in memory only, while
/// production Firestore keeps what it acknowledged through an outage: <see cref="ExportAsync"/> snapshots the
/// documents (the emulator's own export endpoint) and a restart seeds from that snapshot. Killed on dispose.
/// </summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Process _process;

    private EmulatorProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    /// <summary>
    /// Starts an emulator on <paramref name="port"/> (a free one when 0), seeded from an export when given, with a Java
    /// heap of <paramref name="heapMegabytes"/> (the emulator holds every document in it).
    /// </summary>
    public static async Task<EmulatorProcess> StartAsync(string logDirectory, int port = 0, string? seedFromExport = null, int heapMegabytes = 1024)
    {
        var jar = await FirestoreEmulator.FindJarAsync();
        if (port == 0)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        // sh only redirects the output; exec makes java itself the process we own and kill by its pid.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec java -XX:TieredStopAtLevel=1 -Xmx\"$FS_HEAP\"m -cp \"$FS_JAR\" com.google.cloud.datastore.emulator.firestore.CloudFirestore "
            + "--host=127.0.0.1 --port=\"$FS_PORT\" $FS_SEED >>\"$FS_LOG\" 2>&1");
        start.Environment["FS_JAR"] = jar;
        start.Environment["FS_HEAP"] = heapMegabytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FS_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FS_SEED"] = seedFromExport is null ? "" : $"--seed_from_export={seedFromExport}";
        start.Environment["FS_LOG"] = Path.Combine(logDirectory, "emulator.log");
        var emulator = new EmulatorProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the emulator"), port);
        try
        {
            await emulator.WaitUntilReadyAsync(Path.Combine(logDirectory, "emulator.log"));
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }

        return emulator;
    }

    /// <summary>Writes every document of <paramref name="projectId"/> to a new export; returns its metadata file for a seed.</summary>
    public async Task<string> ExportAsync(string projectId, string directory)
    {
        Directory.CreateDirectory(directory);
        var body = $"{{\"database\":\"projects/{projectId}/databases/(default)\",\"export_directory\":\"{directory}\",\"export_name\":\"snapshot\"}}";
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri($"http://{Host}/emulator/v1/projects/{projectId}:export"), content, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"export: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        var metadata = Path.Combine(directory, "snapshot", "snapshot.overall_export_metadata");
        Assert.True(File.Exists(metadata), $"no export metadata at {metadata}");
        return metadata;
    }

    /// <summary>kill -9: whatever the emulator held in memory and had not exported is gone.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task WaitUntilReadyAsync(string log)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the emulator exited with {_process.ExitCode}: {(File.Exists(log) ? File.ReadAllText(log) : "")}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri($"http://{Host}/"), TestContext.Current.CancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                // Slow start.
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"the emulator at {Host} did not start within 120 s");
    }
}
