import type { Metadata } from 'next';
import { themeScript } from '@/components/controls/ThemeToggle';
import './globals.css';

export const metadata: Metadata = {
  title: 'svcmap',
  description: 'Live map of Kubernetes Service routing',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    // suppressHydrationWarning: the theme script sets the class before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">{children}</body>
    </html>
  );
}
