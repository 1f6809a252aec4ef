namespace Backfill.KlaviyoSandbox;

/// <summary>Thrown by handlers to answer with a Klaviyo-shaped error document.</summary>
internal sealed class SandboxApiException : Exception
{
    public SandboxApiException(int status, string code, string title, string detail, string? parameter = null, string? pointer = null)
        : base(detail)
    {
        Status = status;
        Code = code;
        Title = title;
        Parameter = parameter;
        Pointer = pointer;
    }

    public SandboxApiException()
        : this(500, "error", "A server error occurred.", "A server error occurred.")
    {
    }

    public SandboxApiException(string message)
        : this(400, "invalid", "Invalid input.", message)
    {
    }

    public SandboxApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 400;
        Code = "invalid";
        Title = "Invalid input.";
    }

    public int Status { get; }

    public string Code { get; }

    public string Title { get; }

    public string? Parameter { get; }

    public string? Pointer { get; }

    public static SandboxApiException Invalid(string detail, string? parameter = null, string? pointer = null) =>
        new(400, "invalid", "Invalid input.", detail, parameter, pointer);

    public static SandboxApiException InvalidFilter(string parameter = "filter") =>
        Invalid("Invalid filter provided", parameter);
}
