import type { Metadata } from "next";
import { AccessDenied } from "@/components/AccessDenied";
import { pageAccess } from "@/server/auth/viewer";
import { getServerConfig } from "@/server/config";
import { listMailFiles } from "@/server/mail/mail-files";

export const metadata: Metadata = { title: "Sent emails" };
export const dynamic = "force-dynamic";

/** Development's mailbox: the customer emails written as .eml files because no SMTP_URL is set. */
export default async function MailPage() {
  const access = await pageAccess("order:read:any");
  if (access !== "allowed") return <AccessDenied reason={access} from="/admin/mail" />;
  const config = getServerConfig();
  if (config.production || config.mail.smtpUrl) {
    return (
      <section>
        <h1>Sent emails</h1>
        <p className="status">
          Emails go through {config.mail.smtpUrl ? "the SMTP server in SMTP_URL" : "nowhere (no SMTP_URL)"}; this page lists the files
          written in development only.
        </p>
      </section>
    );
  }
  const files = await listMailFiles(config.mail.dir);
  return (
    <section aria-labelledby="mail-heading">
      <h1 id="mail-heading">Sent emails</h1>
      <p>
        Written to <code>{config.mail.dir}</code> because no <code>SMTP_URL</code> is set. Open a file in any mail client.
      </p>
      {files.length === 0 ? <p className="status">No emails yet: place an order.</p> : null}
      {files.length ? (
        <table className="cart">
          <caption className="visually-hidden">Sent emails</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">
                <span className="visually-hidden">File</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {files.map((file) => (
              <tr key={file.name}>
                <td>{file.date}</td>
                <td>{file.to}</td>
                <td>{file.subject}</td>
                <td>
                  <a href={`/admin/mail/${file.name}`} download>
                    .eml
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
