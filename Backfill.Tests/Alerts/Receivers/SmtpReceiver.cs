using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.IO;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Backfill.Tests.Alerts.Receivers;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1: STARTTLS with a self-signed certificate made for the test,
/// login required and allowed only after STARTTLS, one user. Every message it accepts is parsed with MimeKit and kept
/// with whether its session was encrypted and who logged in.
/// </summary>
internal sealed class SmtpReceiver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedMail> _mails = new();
    private readonly Channel<ReceivedMail> _arrivals = Channel.CreateUnbounded<ReceivedMail>();
    private readonly X509Certificate2 _certificate;
    private Task _running = Task.CompletedTask;
    private int _failedLogins;

    private SmtpReceiver(X509Certificate2 certificate, string userName, string password)
    {
        _certificate = certificate;
        UserName = userName;
        Password = password;
    }

    public int Port { get; private set; }

    public string UserName { get; }

    public string Password { get; }

    /// <summary>SHA-256 (hex) of the server's certificate, for <c>Alerts:Email:TrustedCertificateSha256</c>.</summary>
    public string CertificateSha256 => Convert.ToHexStringLower(SHA256.HashData(_certificate.RawData));

    public IReadOnlyList<ReceivedMail> Mails => [.. _mails];

    /// <summary>Failed logins (a wrong password is not retried, so this stays at one).</summary>
    public int FailedLogins => Volatile.Read(ref _failedLogins);

    public static async Task<SmtpReceiver> StartAsync(string userName = "alerts@agency.example", string? password = null)
    {
        var receiver = new SmtpReceiver(CreateCertificate(), userName, password ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        receiver.Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint
                .Endpoint(new IPEndPoint(IPAddress.Loopback, receiver.Port))
                .IsSecure(false)
                .Certificate(receiver._certificate)
                .AuthenticationRequired(true)
                .AllowUnsecureAuthentication(false))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(receiver));
        services.Add(new Authenticator(receiver));
        var server = new SmtpServer.SmtpServer(options, services);
        receiver._running = server.StartAsync(receiver._stop.Token);
        await WaitUntilListeningAsync(receiver.Port);
        return receiver;
    }

    public async Task<ReceivedMail> WaitForMailAsync(int count = 1)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (_mails.Count < count)
        {
            await _arrivals.Reader.ReadAsync(timeout.Token);
        }

        return Mails[count - 1];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _certificate.Dispose();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // Through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilListeningAsync(int port)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Yield();
            }
        }
    }

    private sealed class Store(SmtpReceiver owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            SmtpServer.ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            var mail = new ReceivedMail(
                message,
                context.Pipe is ISecurableDuplexPipe { IsSecure: true },
                context.Authentication.IsAuthenticated ? context.Authentication.User : null,
                [.. transaction.To.Select(m => $"{m.User}@{m.Host}")]);
            owner._mails.Enqueue(mail);
            owner._arrivals.Writer.TryWrite(mail);
            return SmtpResponse.Ok;
        }
    }

    private sealed class Authenticator(SmtpReceiver owner) : UserAuthenticator
    {
        public override Task<bool> AuthenticateAsync(SmtpServer.ISessionContext context, string user, string password, CancellationToken cancellationToken)
        {
            var ok = user == owner.UserName && password == owner.Password;
            if (!ok)
            {
                Interlocked.Increment(ref owner._failedLogins);
            }

            return Task.FromResult(ok);
        }
    }
}
