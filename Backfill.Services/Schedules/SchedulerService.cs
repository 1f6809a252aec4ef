using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Schedules;

/// <summary>
/// The hosted scheduler: looks for due schedules every <see cref="ScheduleOptions.CheckInterval"/> on the
/// <see cref="TimeProvider"/>'s clock. A look that fails (the store is down) is logged and tried again at the next one;
/// it never stops the host.
/// </summary>
public sealed partial class SchedulerService(
    ScheduleRunner runner, TimeProvider timeProvider, IOptions<ScheduleOptions> options, ILogger<SchedulerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled();
            return;
        }

        using var timer = new PeriodicTimer(options.Value.CheckInterval, timeProvider);
        do
        {
            try
            {
                await runner.TickAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogTickFailed(e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler is off (Schedules:Enabled=false); schedules are kept but start nothing")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduler could not look at the schedules; it tries again at its next look")]
    private partial void LogTickFailed(Exception exception);
}
