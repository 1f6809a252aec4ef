using Backfill.Services.Backfill;
using Backfill.Services.Schedules;
using Backfill.Services.Storage;
using Backfill.Web.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Backfill.Web.Components.Manager;

public sealed partial class ScheduleEditorDialog
{
    private ClientSchedule? _schedule;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private string _cron = "";
    private string _kind = "refresh";
    private bool _enabled = true;
    private bool _paused;
    private bool _canOperate;
    private bool _saving;
    private string? _error;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = null!;

    [Inject]
    private GuardedScheduleCommands Commands { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Parameter, EditorRequired]
    public required ClientId ClientId { get; set; }

    private string? CronError => ScheduleCron.TryParse(_cron, out _, out var error) ? null : error;

    private string Words => CronError is null ? ScheduleDescriber.Describe(ScheduleCron.Normalize(_cron), _schedule?.TimeZone ?? "UTC") : "";

    private IReadOnlyList<DateTimeOffset> NextStarts =>
        _enabled && CronError is null ? Commands.Book.Preview(ClientId, _cron, _zone, 3) : [];

    private string Stagger => ScheduleFormat.Duration(Commands.Book.StaggerFor(ClientId));

    protected override async Task OnInitializedAsync()
    {
        _canOperate = await Commands.CanOperateAsync();
        var snapshot = await Commands.Book.GetAsync(CancellationToken.None);
        _paused = snapshot.Settings.Paused;
        _schedule = await Commands.Book.FindAsync(ClientId, CancellationToken.None);
        if (_schedule is null)
        {
            _error = BackfillCommandResult.UnknownClient(ClientId).Message;
            return;
        }

        _zone = ScheduleCalendar.FindZone(_schedule.TimeZone) ?? TimeZoneInfo.Utc;
        _cron = _schedule.Schedule.Cron;
        _kind = _schedule.Schedule.Kind.ToWire();
        _enabled = _schedule.Schedule.Enabled;
    }

    private async Task SaveAsync()
    {
        _saving = true;
        try
        {
            _error = await Commands.SetClientScheduleAsync(ClientId, new ScheduleRequest(_cron, _kind, _enabled), CancellationToken.None);
        }
        finally
        {
            _saving = false;
        }

        if (_error is null)
        {
            Snackbar.Add($"Saved the schedule of {_schedule?.ClientName ?? ClientId.Value}: {Words}", Severity.Success);
            Dialog.Close(DialogResult.Ok(true));
        }
    }

    private async Task ResetAsync()
    {
        _saving = true;
        try
        {
            _error = await Commands.ResetClientScheduleAsync(ClientId, CancellationToken.None);
        }
        finally
        {
            _saving = false;
        }

        if (_error is null)
        {
            Snackbar.Add($"{_schedule?.ClientName ?? ClientId.Value} follows the default schedule again", Severity.Success);
            Dialog.Close(DialogResult.Ok(true));
        }
    }

    private async Task SetPausedAsync(bool paused)
    {
        _saving = true;
        try
        {
            _error = await Commands.SetPausedAsync(paused, CancellationToken.None);
            if (_error is null)
            {
                _paused = paused;
                Snackbar.Add(paused ? "All schedules are paused" : "Schedules run again (times passed while paused are not caught up)", Severity.Info);
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private void Cancel() => Dialog.Cancel();
}
