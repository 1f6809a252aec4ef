using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Backfill.Services.Firestore;
using Backfill.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(FirestoreEmulator))]

namespace Backfill.Tests.Infrastructure;

/// <summary>
/// One Firestore emulator for the whole test run: the one named by FIRESTORE_EMULATOR_HOST, or a jar started
/// here on a free loopback port and killed (by its own PID, whole tree) at the end. Tests isolate themselves
/// with their own project id, so any number of classes can share it in parallel.
/// </summary>
public sealed class FirestoreEmulator : IAsyncLifetime
{
    private const string DefaultJar = "/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static int _projects;

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Process? _process;
    private string? _logPath;

    /// <summary><c>127.0.0.1:port</c> of the running emulator.</summary>
    public string Host { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(FirestoreOptions.EmulatorHostVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            Host = external.Trim();
            await WaitUntilReadyAsync();
            return;
        }

        var jar = await FindJarAsync();
        var port = FreeLoopbackPort();
        Host = $"127.0.0.1:{port}";
        _logPath = Path.Combine(Path.GetTempPath(), $"firestore-emulator-{port}-{Guid.NewGuid():N}.log");

        // sh only redirects the output to the log file; exec makes java itself the process we own and kill. The heap
        // keeps every version of every document the run writes (a wipe frees nothing): about 2.5 GB by the suite's end.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec java -XX:TieredStopAtLevel=1 -Xmx8g -cp \"$FS_JAR\" com.google.cloud.datastore.emulator.firestore.CloudFirestore "
            + "--host=127.0.0.1 --port=\"$FS_PORT\" >\"$FS_LOG\" 2>&1");
        start.Environment["FS_JAR"] = jar;
        start.Environment["FS_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FS_LOG"] = _logPath;
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the Firestore emulator");
        await WaitUntilReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
            if (_logPath is not null)
            {
                File.Delete(_logPath);
            }
        }
    }

    /// <summary>A project id nobody else uses: the emulator keeps projects apart, so no wipes are needed.</summary>
    public static string NewProjectId(string prefix = "t")
    {
        var clean = new string(prefix.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(12).ToArray());
        return $"{(clean.Length == 0 ? "t" : clean)}-{Interlocked.Increment(ref _projects)}-{Guid.NewGuid().ToString("N")[..8]}";
    }

    public FirestoreOptions Options(string projectId) => new()
    {
        ProjectId = projectId,
        EmulatorHost = Host,
        RetryBaseDelay = TimeSpan.Zero,
    };

    public FirestoreDocumentStore CreateStore(string projectId, Action<FirestoreOptions>? configure = null)
    {
        var options = Options(projectId);
        configure?.Invoke(options);
        return FirestoreDocumentStore.Create(options);
    }

    /// <summary>Deletes every document of a project (the emulator's own wipe endpoint).</summary>
    public async Task WipeAsync(string projectId)
    {
        using var response = await _http.DeleteAsync(new Uri($"http://{Host}/emulator/v1/projects/{projectId}/databases/(default)/documents"));
        response.EnsureSuccessStatusCode();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException($"the Firestore emulator exited with code {_process.ExitCode}.{LogTail()}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri($"http://{Host}/"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow start; try again.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the Firestore emulator at {Host} did not answer GET / within {StartTimeout.TotalSeconds} s.{LogTail()}");
    }

    private string LogTail()
    {
        if (_logPath is null || !File.Exists(_logPath))
        {
            return "";
        }

        var lines = File.ReadAllLines(_logPath);
        return $" Log {_logPath}, last lines:{Environment.NewLine}{string.Join(Environment.NewLine, lines.TakeLast(20))}";
    }

    internal static async Task<string> FindJarAsync()
    {
        const string relative = "platform/cloud-firestore-emulator/cloud-firestore-emulator.jar";
        try
        {
            var info = new ProcessStartInfo("gcloud") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add("info");
            info.ArgumentList.Add("--format=value(installation.sdk_root)");
            using var gcloud = Process.Start(info);
            if (gcloud is not null)
            {
                var output = await gcloud.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
                await gcloud.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                var candidate = Path.Combine(output.Trim(), relative);
                if (gcloud.ExitCode == 0 && output.Trim().Length > 0 && File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException or InvalidOperationException)
        {
            // No usable gcloud: fall back to the usual install location.
        }

        return File.Exists(DefaultJar)
            ? DefaultJar
            : throw new FileNotFoundException(
                $"the Firestore emulator jar was not found via 'gcloud info' nor at {DefaultJar}; install the cloud-firestore-emulator component or set {FirestoreOptions.EmulatorHostVariable}");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
