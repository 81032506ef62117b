import styles from './alerts.module.css';

/**
 * A progress bar screen readers understand (role progressbar, aria-valuenow, a name and a text
 * value); the figure is also written next to it, so nobody has to read the bar's length.
 */
export function ProgressBar({ percent, label, valueText, id }: { percent: number; label: string; valueText: string; id?: string }) {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div className="mb-2">
      <div
        id={id}
        className={styles.progress}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={valueText}
      >
        <div className={`${styles.progressBar}${value >= 100 ? ` ${styles.progressBarDone}` : ''}`} style={{ width: `${value}%` }} />
      </div>
      <p className="mb-0 mt-1" aria-hidden="true">
        {valueText}
      </p>
    </div>
  );
}
