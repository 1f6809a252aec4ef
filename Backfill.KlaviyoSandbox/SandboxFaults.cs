using Microsoft.Extensions.Options;

namespace Backfill.KlaviyoSandbox;

internal enum SandboxFaultKind
{
    None,
    RevokedKey,
    Html403,
    Throttle,
    ServerError,
    StallBody,
    ResetBody,
}

internal readonly record struct SandboxFaultDecision(SandboxFaultKind Kind, int Status, int LatencyMs, int RetryAfterSeconds);

/// <summary>
/// Per-account faults: the configured baseline plus whatever the control endpoint set. The seeded error share
/// uses a per-account request counter, so a given request sequence always fails at the same positions.
/// </summary>
internal sealed class SandboxFaults(IOptions<SandboxOptions> options, TimeProvider timeProvider)
{
    private readonly Dictionary<string, State> _states = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public SandboxFaultDecision Next(string account)
    {
        lock (_lock)
        {
            var state = Get(account);
            state.Requests++;
            if (state.Settings.RevokedKey)
            {
                return new(SandboxFaultKind.RevokedKey, 401, state.Settings.LatencyMs, 0);
            }
            if (state.Html403Left > 0)
            {
                state.Html403Left--;
                return new(SandboxFaultKind.Html403, 403, state.Settings.LatencyMs, 0);
            }
            if (state.ThrottleLeft > 0)
            {
                state.ThrottleLeft--;
                return new(SandboxFaultKind.Throttle, 429, state.Settings.LatencyMs, 1);
            }
            var now = timeProvider.GetUtcNow();
            if (state.ThrottleUntil is { } until && now < until)
            {
                var seconds = (int)Math.Ceiling((until - now).TotalSeconds);
                return new(SandboxFaultKind.Throttle, 429, state.Settings.LatencyMs, Math.Max(1, seconds));
            }
            if (state.StallBodyLeft > 0)
            {
                state.StallBodyLeft--;
                return new(SandboxFaultKind.StallBody, 200, state.Settings.LatencyMs, 0);
            }
            if (state.ResetBodyLeft > 0)
            {
                state.ResetBodyLeft--;
                return new(SandboxFaultKind.ResetBody, 200, state.Settings.LatencyMs, 0);
            }
            if (state.Settings.ErrorRate > 0)
            {
                var roll = SandboxRandom.Hash((ulong)options.Value.Seed, SandboxRandom.HashString(account), (ulong)state.Requests);
                if ((roll >> 11) * (1.0 / (1UL << 53)) < state.Settings.ErrorRate)
                {
                    return new(SandboxFaultKind.ServerError, state.Settings.ErrorStatus, state.Settings.LatencyMs, 0);
                }
            }
            return new(SandboxFaultKind.None, 200, state.Settings.LatencyMs, 0);
        }
    }

    public int? ReportingCap(string account)
    {
        lock (_lock)
        {
            return Get(account).Settings.ReportingDailyCap;
        }
    }

    /// <summary>Replaces an account's faults (fields left null in <paramref name="update"/> keep their value).</summary>
    public void Apply(string account, SandboxFaultUpdate update)
    {
        lock (_lock)
        {
            var state = Get(account);
            var s = state.Settings;
            s.ErrorRate = update.ErrorRate ?? s.ErrorRate;
            s.ErrorStatus = update.ErrorStatus ?? s.ErrorStatus;
            s.LatencyMs = update.LatencyMs ?? s.LatencyMs;
            s.RevokedKey = update.RevokedKey ?? s.RevokedKey;
            s.ReportingDailyCap = update.ReportingDailyCap ?? s.ReportingDailyCap;
            if (update.ThrottleRequests is { } throttle)
            {
                state.ThrottleLeft = throttle;
            }
            if (update.ThrottleSeconds is { } seconds)
            {
                state.ThrottleUntil = timeProvider.GetUtcNow().AddSeconds(seconds);
            }
            if (update.Html403Requests is { } html)
            {
                state.Html403Left = html;
            }
            if (update.StallBodyRequests is { } stall)
            {
                state.StallBodyLeft = stall;
            }
            if (update.ResetBodyRequests is { } reset)
            {
                state.ResetBodyLeft = reset;
            }
        }
    }

    /// <summary>Back to the configured baseline (no faults unless configuration set some).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _states.Clear();
        }
    }

    private State Get(string account)
    {
        if (!_states.TryGetValue(account, out var state))
        {
            options.Value.Faults.TryGetValue(account, out var configured);
            state = new State(configured, timeProvider.GetUtcNow());
            _states[account] = state;
        }
        return state;
    }

    private sealed class State
    {
        public State(SandboxFaultSettings? configured, DateTimeOffset now)
        {
            Settings = new SandboxFaultSettings
            {
                ErrorRate = configured?.ErrorRate ?? 0,
                ErrorStatus = configured?.ErrorStatus ?? 503,
                LatencyMs = configured?.LatencyMs ?? 0,
                RevokedKey = configured?.RevokedKey ?? false,
                ReportingDailyCap = configured?.ReportingDailyCap,
            };
            ThrottleLeft = configured?.ThrottleRequests ?? 0;
            Html403Left = configured?.Html403Requests ?? 0;
            StallBodyLeft = configured?.StallBodyRequests ?? 0;
            ResetBodyLeft = configured?.ResetBodyRequests ?? 0;
            ThrottleUntil = configured?.ThrottleFor is { } duration ? now + duration : null;
        }

        public SandboxFaultSettings Settings { get; }

        public long Requests { get; set; }

        public int ThrottleLeft { get; set; }

        public int Html403Left { get; set; }

        public int StallBodyLeft { get; set; }

        public int ResetBodyLeft { get; set; }

        public DateTimeOffset? ThrottleUntil { get; set; }
    }
}

/// <summary>Body of <c>POST /sandbox/klaviyo/_control/faults</c> (snake_case JSON).</summary>
public sealed class SandboxFaultUpdate
{
    /// <summary>Account slug the faults apply to, e.g. <c>rogue-creamery</c>.</summary>
    public string? Account { get; set; }

    /// <summary>Share (0–1) of requests answered with <see cref="ErrorStatus"/>.</summary>
    public double? ErrorRate { get; set; }

    /// <summary>Status for injected server errors (default 503).</summary>
    public int? ErrorStatus { get; set; }

    /// <summary>Delay before each response in milliseconds.</summary>
    public int? LatencyMs { get; set; }

    /// <summary>The next N requests get 429.</summary>
    public int? ThrottleRequests { get; set; }

    /// <summary>All requests get 429 for this many seconds.</summary>
    public int? ThrottleSeconds { get; set; }

    /// <summary>The next N requests get an HTML 403 (JSON name <c>html_403_requests</c>).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("html_403_requests")]
    public int? Html403Requests { get; set; }

    /// <summary>
    /// The next N requests get 200 and the start of a JSON body, then nothing more until the client gives up
    /// (a connection that stalls after the headers).
    /// </summary>
    public int? StallBodyRequests { get; set; }

    /// <summary>The next N requests get 200 and the start of a JSON body, then the connection is aborted (a reset mid-body).</summary>
    public int? ResetBodyRequests { get; set; }

    /// <summary>Reject the account's key with 401.</summary>
    public bool? RevokedKey { get; set; }

    /// <summary>Cap each reporting endpoint's daily quota.</summary>
    public int? ReportingDailyCap { get; set; }
}
