import { businessDayLengthMs, businessMillisBetween } from '@tramites/domain';

export interface TimeLeft {
  /** Business days until the deadline, one decimal; negative once it passed. */
  businessDays: number;
  urgency: 'on_time' | 'due_soon' | 'overdue';
  /** Spanish, never a colour alone. */
  label: string;
}

const days = (n: number): string => `${n} ${n === 1 ? 'día hábil' : 'días hábiles'}`;

/** The office time left until a deadline (libs/domain calendar: Monday to Friday 08:00-17:00, holidays). */
export function timeLeft(deadline: Date | null, now: number): TimeLeft | null {
  if (!deadline) return null;
  const ms = businessMillisBetween(now, deadline.getTime());
  const businessDays = Math.round((ms / businessDayLengthMs()) * 10) / 10;
  if (deadline.getTime() < now) {
    const late = Math.floor(-ms / businessDayLengthMs());
    return { businessDays, urgency: 'overdue', label: late < 1 ? 'Vencido hoy' : `Vencido hace ${days(late)}` };
  }
  const whole = Math.floor(ms / businessDayLengthMs());
  if (whole < 1) return { businessDays, urgency: 'due_soon', label: 'Vence hoy: queda menos de 1 día hábil' };
  if (whole < 2) return { businessDays, urgency: 'due_soon', label: `Queda ${days(whole)}` };
  return { businessDays, urgency: 'on_time', label: `Quedan ${days(whole)}` };
}
