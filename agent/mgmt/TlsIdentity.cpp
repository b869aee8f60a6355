#include "TlsIdentity.h"

#include "protocol/TlsFingerprint.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tandem::mgmt {

namespace {

// Long enough that nobody has to rotate a lab or appliance by surprise; clients pin the
// fingerprint rather than trusting dates, so expiry protects nothing here.
constexpr long kValidityDays = 3650;

template <typename T, void (*Free)(T*)> struct Deleter
{
    void operator()(T* p) const { Free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

QString opensslError(const char* step)
{
    const unsigned long code = ERR_get_error();
    char text[256] = {};
    if (code != 0)
        ERR_error_string_n(code, text, sizeof text);
    ERR_clear_error();
    return QStringLiteral("cannot create the TLS identity: %1 failed%2")
        .arg(QLatin1String(step),
             code != 0 ? QStringLiteral(" (%1)").arg(QLatin1String(text)) : QString());
}

QByteArray bioContents(BIO* bio)
{
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, qsizetype(size));
}

struct Generated
{
    QByteArray keyPem;
    QByteArray certificatePem;
};

std::optional<Generated> generate(QString* error)
{
    PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key) {
        *error = opensslError("EC P-256 key generation");
        return std::nullopt;
    }
    X509Ptr cert(X509_new());
    unsigned char serial[16];
    if (!cert || RAND_bytes(serial, sizeof serial) != 1) {
        *error = opensslError("certificate allocation");
        return std::nullopt;
    }
    serial[0] &= 0x7f; // a positive serial, as RFC 5280 asks
    BIGNUM* serialNumber = BN_bin2bn(serial, sizeof serial, nullptr);
    const bool serialSet =
        serialNumber && BN_to_ASN1_INTEGER(serialNumber, X509_get_serialNumber(cert.get()));
    BN_free(serialNumber);
    X509_NAME* name = X509_get_subject_name(cert.get());
    if (!serialSet || X509_set_version(cert.get(), 2) != 1 ||
        !X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) ||
        !X509_time_adj_ex(X509_getm_notAfter(cert.get()), int(kValidityDays), 0, nullptr) ||
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("tandem-agent"), -1, -1,
                                   0) != 1 ||
        X509_set_issuer_name(cert.get(), name) != 1 ||
        X509_set_pubkey(cert.get(), key.get()) != 1) {
        *error = opensslError("filling in the certificate");
        return std::nullopt;
    }
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
        *error = opensslError("signing the certificate");
        return std::nullopt;
    }
    BioPtr keyBio(BIO_new(BIO_s_mem()));
    BioPtr certBio(BIO_new(BIO_s_mem()));
    if (!keyBio || !certBio ||
        PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
            1 ||
        PEM_write_bio_X509(certBio.get(), cert.get()) != 1) {
        *error = opensslError("writing PEM");
        return std::nullopt;
    }
    return Generated{bioContents(keyBio.get()), bioContents(certBio.get())};
}

// Temp file with the final mode from the start (the key is never readable by others, not
// even briefly), fsync, rename, fsync the directory: a crash leaves the old file or the new.
bool writeAtomically(const QString& path, const QByteArray& data, mode_t mode, QString* error)
{
    const QByteArray target = QFile::encodeName(path);
    const QByteArray temp = target + ".tmp";
    auto fail = [&](const char* what) {
        *error = QStringLiteral("cannot %1 %2: %3")
                     .arg(QLatin1String(what), path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    };
    ::unlink(temp.constData());
    const int fd = ::open(temp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0)
        return fail("create");
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + done, size_t(data.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ::close(fd);
            return fail("write");
        }
        done += n;
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        return fail("sync");
    }
    ::close(fd);
    if (::rename(temp.constData(), target.constData()) != 0)
        return fail("rename into place");
    const QByteArray dir = QFile::encodeName(QFileInfo(path).absolutePath());
    if (const int dirFd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return true;
}

std::optional<QByteArray> readFile(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

} // namespace

QString tlsDirectoryFor(const QString& configPath)
{
    return configPath + QStringLiteral(".d/tls");
}

std::optional<TlsIdentity> loadOrCreateTlsIdentity(const QString& directory, QString* error)
{
    const QString keyPath = directory + QStringLiteral("/key.pem");
    const QString certPath = directory + QStringLiteral("/cert.pem");
    // cert.pem is written last, so its presence means the pair is complete; a key without a
    // certificate is a first start that was interrupted, and is made again.
    if (!QFileInfo::exists(certPath)) {
        if (!QDir().mkpath(directory) ||
            !QFile::setPermissions(directory,
                                   QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner)) {
            *error = QStringLiteral("cannot create the TLS directory %1").arg(directory);
            return std::nullopt;
        }
        const std::optional<Generated> generated = generate(error);
        if (!generated || !writeAtomically(keyPath, generated->keyPem, 0600, error) ||
            !writeAtomically(certPath, generated->certificatePem, 0644, error))
            return std::nullopt;
    }
    const std::optional<QByteArray> keyPem = readFile(keyPath, error);
    const std::optional<QByteArray> certPem = keyPem ? readFile(certPath, error) : std::nullopt;
    if (!certPem)
        return std::nullopt;
    TlsIdentity identity;
    identity.key = QSslKey(*keyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (identity.key.isNull()) {
        *error = QStringLiteral("%1 holds no EC private key in PEM").arg(keyPath);
        return std::nullopt;
    }
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(*certPem, QSsl::Pem);
    if (certificates.isEmpty() || certificates.first().isNull()) {
        *error = QStringLiteral("%1 holds no PEM certificate").arg(certPath);
        return std::nullopt;
    }
    identity.certificate = certificates.first();
    identity.fingerprint = protocol::certificateFingerprint(identity.certificate);
    return identity;
}

} // namespace tandem::mgmt
