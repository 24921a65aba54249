import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { themeScript } from '@/components/controls/ThemeToggle';
import './globals.css';

export const metadata: Metadata = {
  title: 'svcmap',
  description: 'Live map of Kubernetes Service routing',
};

// Rendered per request: the page carries that request's CSP nonce (proxy.ts), and so is
// never cached (Cache-Control: private, no-store).
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    // suppressHydrationWarning: the theme script sets the class before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">{children}</body>
    </html>
  );
}
