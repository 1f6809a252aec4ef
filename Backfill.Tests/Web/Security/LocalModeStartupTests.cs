using System.Diagnostics;
using System.Text;

namespace Backfill.Tests.Web.Security;

/// <summary>
/// The app as a user starts it (<c>dotnet Backfill.Web.dll</c>, a separate process): without sign-in configured it
/// listens on loopback or not at all.
/// </summary>
public sealed class LocalModeStartupTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "backfill-startup-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string[], Dictionary<string, string>, string> OpenBindings => new()
    {
        { ["--urls", "http://0.0.0.0:0"], [], "http://0.0.0.0:0" },
        { ["--urls", "http://localhost:0;http://+:0"], [], "http://+:0" },
        { [], new() { ["ASPNETCORE_HTTP_PORTS"] = "0" }, "http://*:0" },
        { ["--Kestrel:Endpoints:Lan:Url", "http://192.0.2.10:0"], [], "http://192.0.2.10:0" },
    };

    [Theory]
    [MemberData(nameof(OpenBindings))]
    public async Task Start_NonLoopbackWithoutAuth_RefusesWithHowToConfigure(string[] arguments, Dictionary<string, string> environment, string named)
    {
        var (exitCode, output) = await RunAsync(arguments, environment, untilListening: false);

        Assert.Equal(2, exitCode);
        Assert.Contains("Refusing to start", output, StringComparison.Ordinal);
        Assert.Contains(named, output, StringComparison.Ordinal);
        Assert.Contains("Auth:Google:ClientId", output, StringComparison.Ordinal);
        Assert.Contains("Auth:ApiKeys", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening on", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_LoopbackWithoutAuth_Listens()
    {
        var (exitCode, output) = await RunAsync(["--urls", "http://127.0.0.1:0"], [], untilListening: true);

        Assert.Null(exitCode);
        Assert.Contains("Now listening on: http://127.0.0.1:", output, StringComparison.Ordinal);
    }

    /// <summary>Runs the app until it exits (exit code) or, with <paramref name="untilListening"/>, until it listens (null).</summary>
    private async Task<(int? ExitCode, string Output)> RunAsync(string[] arguments, Dictionary<string, string> environment, bool untilListening)
    {
        Directory.CreateDirectory(_directory);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Backfill.Web.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--Storage:Provider=Embedded");
        start.ArgumentList.Add($"--Storage:Embedded:Path={Path.Combine(_directory, "app.db")}");
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data.Contains("Now listening on", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var exited = process.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(exited, listening.Task);
        int? exitCode = null;
        if (first == exited)
        {
            await exited;
            exitCode = process.ExitCode;
        }
        else
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Ct);
        }

        Assert.True(untilListening ? exitCode is null : exitCode is not null, $"unexpected outcome; output:\n{output}");
        lock (output)
        {
            return (exitCode, output.ToString());
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
