import { Migration } from '@mikro-orm/migrations';

/**
 * The working-day calendar (calendar/), seeded with the Russian production calendar: the public
 * holidays of the Labour Code (art. 112: 1–8 January, 23 February, 8 March, 1 and 9 May, 12 June,
 * 4 November); for 2025 the transfers of Government decree No. 1335 of 4 October 2024; for 2026 those of
 * decree No. 1466 of 24 September 2025 and the art. 112 days off after 8 March and 9 May; for 2027 only
 * the art. 112 days off after 1 May, 9 May and 12 June (the decree on 2027 transfers, among them 2 and 3
 * January, is for admins to enter with setCalendarDay). docs/goals.md#pace-on-working-days.
 */
export class Migration20261201120200_working_calendar extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "calendar_day" ("id" serial primary key, "calendar" varchar(10) not null, "date" date not null, "kind" text check ("kind" in (\'HOLIDAY\', \'WORKING_DAY\')) not null, "name" varchar(100) null);',
    );
    this.addSql('alter table "calendar_day" add constraint "calendar_day_calendar_date_unique" unique ("calendar", "date");');
    this.addSql(
      `insert into "calendar_day" ("calendar", "date", "kind", "name") values
        ('RU', '2025-01-01', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2025-01-02', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2025-01-03', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2025-01-04', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2025-01-05', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2025-01-06', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2025-01-07', 'HOLIDAY', 'Рождество Христово'),
        ('RU', '2025-01-08', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2025-02-23', 'HOLIDAY', 'День защитника Отечества'),
        ('RU', '2025-03-08', 'HOLIDAY', 'Международный женский день'),
        ('RU', '2025-05-01', 'HOLIDAY', 'Праздник Весны и Труда'),
        ('RU', '2025-05-02', 'HOLIDAY', 'Выходной, перенесённый с 4 января'),
        ('RU', '2025-05-08', 'HOLIDAY', 'Выходной, перенесённый с 23 февраля'),
        ('RU', '2025-05-09', 'HOLIDAY', 'День Победы'),
        ('RU', '2025-06-12', 'HOLIDAY', 'День России'),
        ('RU', '2025-06-13', 'HOLIDAY', 'Выходной, перенесённый с 8 марта'),
        ('RU', '2025-11-01', 'WORKING_DAY', 'Рабочая суббота: выходной перенесён на 3 ноября'),
        ('RU', '2025-11-03', 'HOLIDAY', 'Выходной, перенесённый с 1 ноября'),
        ('RU', '2025-11-04', 'HOLIDAY', 'День народного единства'),
        ('RU', '2025-12-31', 'HOLIDAY', 'Выходной, перенесённый с 5 января'),
        ('RU', '2026-01-01', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2026-01-02', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2026-01-03', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2026-01-04', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2026-01-05', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2026-01-06', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2026-01-07', 'HOLIDAY', 'Рождество Христово'),
        ('RU', '2026-01-08', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2026-01-09', 'HOLIDAY', 'Выходной, перенесённый с 3 января'),
        ('RU', '2026-02-23', 'HOLIDAY', 'День защитника Отечества'),
        ('RU', '2026-03-08', 'HOLIDAY', 'Международный женский день'),
        ('RU', '2026-03-09', 'HOLIDAY', 'Выходной за 8 марта (ст. 112 ТК РФ)'),
        ('RU', '2026-05-01', 'HOLIDAY', 'Праздник Весны и Труда'),
        ('RU', '2026-05-09', 'HOLIDAY', 'День Победы'),
        ('RU', '2026-05-11', 'HOLIDAY', 'Выходной за 9 мая (ст. 112 ТК РФ)'),
        ('RU', '2026-06-12', 'HOLIDAY', 'День России'),
        ('RU', '2026-11-04', 'HOLIDAY', 'День народного единства'),
        ('RU', '2026-12-31', 'HOLIDAY', 'Выходной, перенесённый с 4 января'),
        ('RU', '2027-01-01', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2027-01-02', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2027-01-03', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2027-01-04', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2027-01-05', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2027-01-06', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2027-01-07', 'HOLIDAY', 'Рождество Христово'),
        ('RU', '2027-01-08', 'HOLIDAY', 'Новогодние каникулы'),
        ('RU', '2027-02-23', 'HOLIDAY', 'День защитника Отечества'),
        ('RU', '2027-03-08', 'HOLIDAY', 'Международный женский день'),
        ('RU', '2027-05-01', 'HOLIDAY', 'Праздник Весны и Труда'),
        ('RU', '2027-05-03', 'HOLIDAY', 'Выходной за 1 мая (ст. 112 ТК РФ)'),
        ('RU', '2027-05-09', 'HOLIDAY', 'День Победы'),
        ('RU', '2027-05-10', 'HOLIDAY', 'Выходной за 9 мая (ст. 112 ТК РФ)'),
        ('RU', '2027-06-12', 'HOLIDAY', 'День России'),
        ('RU', '2027-06-14', 'HOLIDAY', 'Выходной за 12 июня (ст. 112 ТК РФ)'),
        ('RU', '2027-11-04', 'HOLIDAY', 'День народного единства');`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "calendar_day" cascade;');
  }
}
