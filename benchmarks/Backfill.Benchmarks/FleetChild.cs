using System.Diagnostics;

namespace Backfill.Benchmarks;

/// <summary>
/// A child process running this benchmark program with a sub-command (<c>fleet-sandbox</c>, <c>fleet-app</c>). Its
/// standard error is passed through; its standard output is read for the lines the parent waits for. Stopped by its own
/// id, never by name.
/// </summary>
internal sealed class FleetChild : IDisposable
{
    private readonly Process _process;

    private FleetChild(Process process) => _process = process;

    public static FleetChild Start(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()!.Location);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new FleetChild(Process.Start(info)!);
    }

    /// <summary>CPU time the child has used so far (user + system), read from the kernel by its pid.</summary>
    public double CpuSeconds
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime.TotalSeconds;
        }
    }

    /// <summary>The first output line starting with <paramref name="prefix"/>, without it; null when the output ends first.</summary>
    public async Task<string?> ReadLineStartingAsync(string prefix)
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line[prefix.Length..];
            }

            Console.WriteLine("   | " + line);
        }

        return null;
    }

    public async Task WaitAsync()
    {
        await _process.WaitForExitAsync();
        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"child process {_process.Id} exited with {_process.ExitCode}");
        }
    }

    /// <summary>Closes its input (a sandbox stops on that), and kills it by pid if it is still there after 10 s.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        _process.StandardInput.Close();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
    }

    public void Dispose() => _process.Dispose();
}
