/**
 * job.autoscaler.excluded.periods against the real thing. The GOLDEN tables are verdicts recorded from Quartz 2.4.0
 * (org.quartz-scheduler:quartz:2.4.0, the version the operator 1.15.0 pins) and Flink 1.20.1's list parsing, run on
 * JDK 17 by a throwaway harness over hand-picked cases (every branch of CronExpression, DailyCalendar and
 * CalendarUtils.validateExcludedExpression, the upstream CalendarUtilsTest cases) plus a sample of generated ones.
 * In the differential run that produced them, the package agreed with Quartz on every one of 40,000 generated cron
 * expressions (acceptance and message) and 60,000 period lists. The properties then cover forms the tables do not list.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { validate } from "../../components/rules";
import { quartzCronError } from "../../components/core/quartz/cron";
import { quartzDailyError } from "../../components/core/quartz/daily";
import { splitFlinkList } from "../../components/core/java/flink-list";
import { excludedPeriodError } from "../../components/rules/rules/autoscaler";
import { applicationDeployment } from "../support/fixtures";

/** [expression, "ok" or Quartz's ParseException message], as `new CronExpression(expression)` answered. */
const GOLDEN_CRON: [string, string][] = [
    ["* * 25 * * ?", "Hour values must be between 0 and 23"],
    ["* * * 32 * ?", "Day of month values must be between 1 and 31"],
    ["* * * 25 * ?", "ok"],
    ["* * * * * *", "Support for specifying both a day-of-week AND a day-of-month parameter is not implemented."],
    ["* * * ? * ?", "'?' can only be specified for Day-of-Month -OR- Day-of-Week."],
    ["0 0 0 ? * 2,5555", "Day-of-Week values must be between 1 and 7"],
    ["* * * ? * 2,5", "ok"],
    ["* * 9-11,14-16 * * ?", "ok"],
    ["* * * ? * 2-6", "ok"],
    ["0 0 12 * * ?", "ok"],
    ["0 15 10 ? * MON-FRI", "ok"],
    ["0 15 10 ? * 6L", "ok"],
    ["0 15 10 ? * 6#3", "ok"],
    ["0 15 10 ? * 6#6", "A numeric value between 1 and 5 must follow the '#' option"],
    ["0 15 10 ? * 6#3,2#1", 'Support for specifying multiple "nth" days is not implemented.'],
    ["0 0 12 LW * ?", "ok"],
    ["0 0 12 L-3 * ?", "ok"],
    ["0 0 12 L-31 * ?", "Offset from last day must be <= 30"],
    ["0 0 12 L,5 * ?", "Support for specifying 'L' and 'LW' with other days of the month is not implemented"],
    ["0 0 12 15W * ?", "ok"],
    ["0 0 12 32W * ?", "The 'W' option does not make sense with values larger than 31 (max number of days in a month)"],
    ["0 0 12 0W * ?", "ok"],
    ["0 0 12 ? * L", "ok"],
    ["0 0 12 ? * 5L", "ok"],
    ["0 0 12 ? * 8L", "Day-of-Week values must be between 1 and 7"],
    ["0 0 12 ? * SUN-SAT", "ok"],
    ["0 0 12 ? * SAT-SUN", "ok"],
    ["0 0 12 ? * MONDAY", "ok"],
    ["0 0 12 ? * XYZ", "Invalid Day-of-Week value: 'XYZ'"],
    ["0 0 12 ? JAN-MAR *", "ok"],
    ["0 0 12 ? JAN- *", "Illegal cron expression format (java.lang.StringIndexOutOfBoundsException: begin 4, end 7, length 4)"],
    ["0 0 12 ? JA *", "Illegal cron expression format (java.lang.StringIndexOutOfBoundsException: begin 0, end 3, length 2)"],
    ["0 0 12 ? 13 *", "Month values must be between 1 and 12"],
    ["0 0 12 ? 0 *", "Month values must be between 1 and 12"],
    ["0 0 12 ? NOV-FEB *", "ok"],
    ["0 0 12 ? * ? ", "'?' can only be specified for Day-of-Month -OR- Day-of-Week."],
    ["0 0 12 ? * * 2025", "ok"],
    ["0 0 12 ? * * 2030-2020", "Illegal cron expression format (java.lang.IllegalArgumentException: Start year must be less than stop year)"],
    ["0 0 12 ? * * 3000", "ok"],
    ["0 0 12 ? * * 1970/5", "ok"],
    ["0 0 12 ? * * 2020 trailing", "ok"],
    ["0 0 12 ? *", "Unexpected end of expression."],
    ["0 0 12", "Unexpected end of expression."],
    ["", "Unexpected end of expression."],
    ["*/60 * * ? * *", "Increment > 60 : 60"],
    ["*/59 * * ? * *", "ok"],
    ["0 */24 * ? * *", "ok"],
    ["0 0 */32 ? * *", "Increment > 24 : 32"],
    ["0 0 0 */31 * ?", "ok"],
    ["0 0 0 ? */13 *", "Increment > 12 : 13"],
    ["0 0 0 ? * */8", "Increment > 7 : 8"],
    ["5/ * * ? * *", "'/' must be followed by an integer."],
    ["/5 * * ? * *", "ok"],
    ["5X * * ? * *", "ok"],
    ["*X * * ? * *", "ok"],
    ["** * * ? * *", "ok"],
    ["0 0 0 ?X * *", "ok"],
    ["0 0 0 ?XY * *", "Illegal character after '?': X"],
    ["0 0 0 ? * ?", "'?' can only be specified for Day-of-Month -OR- Day-of-Week."],
    ["0 0 0 L * ?", "ok"],
    ["0 0 0 L * *", "Support for specifying both a day-of-week AND a day-of-month parameter is not implemented."],
    ["0 0 0 1-5/2 * ?", "ok"],
    ["0 0 0 1-5/X * ?", 'Illegal cron expression format (java.lang.NumberFormatException: For input string: "X")'],
    ["0 0 0 1- * ?", "Illegal cron expression format (java.lang.StringIndexOutOfBoundsException: String index out of range: 2)"],
    ["60 * * ? * *", "Minute and Second values must be between 0 and 59"],
    ["0 60 * ? * *", "Minute and Second values must be between 0 and 59"],
    ["0 0 24 ? * *", "Hour values must be between 0 and 23"],
    ["0 0 23 ? * *", "ok"],
    ["0 0 22-2 ? * *", "ok"],
    ["0 0 0 ? L *", "ok"],
    ["0 0 0 ? * 0", "Day-of-Week values must be between 1 and 7"],
    ["0 0 0 ? * 7", "ok"],
    ["0 0 0 ? * 1-7", "ok"],
    ["0 0 0 ? * 0-7", "Day-of-Week values must be between 1 and 7"],
    ["0 0 0 ? * 1-8", "Day-of-Week values must be between 1 and 7"],
    ["0 0 0 ? * MON#2#3", 'Support for specifying multiple "nth" days is not implemented.'],
    ["0\t0\t0\t?\t*\t*", "ok"],
    ["0  0  0  ?  *  *", "ok"],
    ["0 0 0 ? * mon-fri", "ok"],
    ["0 0 0 ? * Mon", "ok"],
    ["0,15,30,45 * * ? * *", "ok"],
    [",,5 * * ? * *", "ok"],
    [", * * ? * *", "ok"],
    ["0 0 12 ? * \u0661", "Unexpected character: \u0661"],
    ["0 0 12 ? * 1-\u0663", "ok"],
    ["99999999999 * * ? * *", 'Illegal cron expression format (java.lang.NumberFormatException: For input string: "99999999999")'],
    ["0 0 0 ? * * 1970-2147483648", 'Illegal cron expression format (java.lang.NumberFormatException: For input string: "2147483648")'],
    ["0-30  L  */2  0  13  ?    junk", "Day of month values must be between 1 and 31"],
    ["0 0 */25 1 MAY 2,5555 2030-2020 junk", "Increment > 24 : 25"],
    ["10-5 30 23 1-15 L ?X 2020-2030 junk", "ok"],
    ["10-5 0 9-11 ? NOV-FEB 6L */10", "ok"],
    ["*X\t1,2\t23\t15\tXYZ\t?", "Invalid Month value: 'XYZ'"],
    ["5 30 * 1 JAN LW 1", "Support for specifying both a day-of-week AND a day-of-month parameter is not implemented."],
    ["59 60 12/3 15 ? 1 */10 junk", "Minute and Second values must be between 0 and 59"],
    ["*X */15 9-11 L-31 1-6 2,5555 2030-2020", "Offset from last day must be <= 30"],
    ["5/15 */15 */2 ? * 2,5555", "Day-of-Week values must be between 1 and 7"],
    ["59 0-59/5 9-11,14-16 L,5 jan-mar ? 1970/5", "Support for specifying 'L' and 'LW' with other days of the month is not implemented"],
    ["59 */15 23 ? NOV-FEB 5#3 *", "ok"],
    ["5/15  0  22-2  15W  MAY  2,5555  2127/1  junk", "Day-of-Week values must be between 1 and 7"],
    ["0 30 9-11 5L JAN 2,5555 1970/5 junk", "'L' option is not valid here. (pos=1)"],
    ["7X  30  24  ?  MAY  MON#2  3000", "Hour values must be between 0 and 23"],
    ["0,15,30 1,2 12/3 */32 L 2#6 */10", "Increment > 31 : 32"],
    ["*X\t60\t23\t31\tXYZ\t?", "Minute and Second values must be between 0 and 59"],
    ["5/15\t*\t23\t15W\t?\tMON#2\t2025", "'?' can only be specified for Day-of-Month or Day-of-Week."],
    ["59 60 24 25-5 1 6L 1", "Minute and Second values must be between 0 and 59"],
    ["0,15,30 0-59/5 * ? JAN 6L", "ok"],
    ["59  */15  23  ?  */3  */2  2025", "ok"],
    ["0 L 9-11 0W 12 */2 2127/1 junk", "Illegal cron expression format (java.lang.IllegalArgumentException: Start year must be less than stop year)"],
    ["0-30  *  12/3  15W  JAN,JUL  ?", "ok"],
    ["0-59/100 1,2 0-23/30 ? JAN LW", "ok"],
    ["7X  45-15  0-23/30  0W  MAY  ?", "ok"],
    ["* 5/ */25 ? */3 6L 3000", "'/' must be followed by an integer."],
    ["0,15,30 0 12/3 L * ?", "ok"],
    ["0,15,30\t*\t0-23/30\t?\t1-6\t?X", "'?' can only be specified for Day-of-Month -OR- Day-of-Week."],
    ["5/15 0 14-16 ? */3 7", "ok"],
    ["*X * 14-16 ? */3 0 2126", "Day-of-Week values must be between 1 and 7"],
    ["5/15 0 */2 31 13 ? 2127/1", "Month values must be between 1 and 12"],
    ["*/5\t5/\t23\t0\tNOV-FEB\t?", "'/' must be followed by an integer."],
    ["0,15,30 0 */2 * NOV-FEB 8 2126", "Day-of-Week values must be between 1 and 7"],
    ["*/5 5/ 23 0 NOV-FEB ? 2127/1", "'/' must be followed by an integer."],
    ["0-59/100 0 0 ? JAN,JUL 5#3", "ok"],
    ["*\t*\t9-11,14-16\tL-2\t13\t?\t2020-2030\tjunk", "Month values must be between 1 and 12"],
    ["7X 60 12/3 15W MAY ? */10", "Minute and Second values must be between 0 and 59"],
    [
        "0,15,30  1,2  *  31  NOV-FEB  ?  2030-2020",
        "Illegal cron expression format (java.lang.IllegalArgumentException: Start year must be less than stop year)",
    ],
    ["7X L 0 ? 1 7 *", "ok"],
    ["59 0 22-2 25-5 jan-mar ? *", "ok"],
    ["7X  *  22-2  1  XYZ  FRI-MON  */10  junk", "Invalid Month value: 'XYZ'"],
    ["59  */15  */25  5L  XYZ  6L  1", "Increment > 24 : 25"],
    ["0-30 30 0 ? jan-mar 6L", "ok"],
    ["* 0-59/5 24 L-2 1 6L *", "Hour values must be between 0 and 23"],
    ["0-59/100 5/ 12/3 25-5 NOV-FEB 6L 2020-2030", "'/' must be followed by an integer."],
    ["0-30\t5/\t22-2\t31\t?\tMON-FRI", "'/' must be followed by an integer."],
    ["*\t*/15\t0-23/30\tL,5\tJAN,JUL\t*/2", "Support for specifying 'L' and 'LW' with other days of the month is not implemented"],
    ["59 60 0 15W jan-mar ? 2030-2020", "Minute and Second values must be between 0 and 59"],
    ["*/5\tL\t0-23/30\t?\tL\t8", "Day-of-Week values must be between 1 and 7"],
    ["59 45-15 9-11 ? XYZ ?X */10", "Invalid Month value: 'XYZ'"],
    ["0,15,30  60  *  */32  NOV-FEB  ?", "Minute and Second values must be between 0 and 59"],
    ["10-5\t45-15\t14-16\t1\tJAN,JUL\tSAT,SUN\t1", "Support for specifying both a day-of-week AND a day-of-month parameter is not implemented."],
    ["5 0-59/5 0-23/30 ? 1 8", "Day-of-Week values must be between 1 and 7"],
    ["0,15,30 * 14-16 1,15 */3 ? *", "ok"],
    ["5\t*/15\t*/2\t?\tNOV-FEB\t7\t*/10", "ok"],
    ["7X  1,2  9-11,14-16  */31  13  2,5", "Month values must be between 1 and 12"],
    ["*X\t0-59/5\t24\t0W\t*\t?", "Hour values must be between 0 and 23"],
    ["5/15 30 9-11,14-16 1-15 * ? 2126 junk", "ok"],
    ["*/5\t60\t9-11\tL-31\t*/3\t5#3\t3000\tjunk", "Minute and Second values must be between 0 and 59"],
    ["0\t*/15\t0-23/30\t?\tJAN\t5#3\t1", "ok"],
    ["0-59/100  0-59/5  */25  15  XYZ  L", "Increment > 24 : 25"],
    ["0-30  1,2  */2  LW  12  LW  2030-2020", "Illegal cron expression format (java.lang.IllegalArgumentException: Start year must be less than stop year)"],
    ["7X  L  0-23/30  15  MAY  LW  *", "Support for specifying both a day-of-week AND a day-of-month parameter is not implemented."],
    ["0-59/100  */15  */25  L,5  L  LW", "Increment > 24 : 25"],
    ["5\t60\t24\t?\tL\t2,5\t2127/1", "Minute and Second values must be between 0 and 59"],
    ["5/15 30 22-2 15 JAN,JUL ?X *", "ok"],
    ["0 30 9-11 ? 1 2#6 ", "A numeric value between 1 and 5 must follow the '#' option"],
    ["7X\tL\t22-2\t1,15\tXYZ\t*", "Invalid Month value: 'XYZ'"],
    ["5 L 12/3 ? * 2,5", "ok"],
    ["0\t0\t0\t?\t12\tMON-FRI", "ok"],
    ["*/5 L 0 ? L 2,5", "ok"],
    ["10-5 0-59/5 0-23/30 LW NOV-FEB ?", "ok"],
    ["0-59/100\t*/15\t9-11,14-16\t*/31\t13\t?\t", "Month values must be between 1 and 12"],
    ["*  30  9-11  1  *  ?", "ok"],
    ["*X\t*\t22-2\tL,5\t1\t?", "Support for specifying 'L' and 'LW' with other days of the month is not implemented"],
    ["*X  60  23  31  1-6  ?", "Minute and Second values must be between 0 and 59"],
    ["0-30  */15  23  */32  13  ?", "Increment > 31 : 32"],
    ["*/5 L 0-23/30 L JAN,JUL *", "Support for specifying both a day-of-week AND a day-of-month parameter is not implemented."],
    ["*X\t0-59/5\t22-2\t?\t*\t1", "ok"],
    ["* 30 9-11,14-16 0 XYZ MON#2", "Day of month values must be between 1 and 31"],
    ["5 */15 * L-2 XYZ 1 2030-2020", "Invalid Month value: 'XYZ'"],
    ["10-5\t1,2\t9-11\tL-2\t12\t2,5555", "Day-of-Week values must be between 1 and 7"],
    ["59 L 9-11,14-16 LW NOV-FEB ? 2126", "ok"],
    ["0-30\t30\t*/25\tL-2\t13\t?", "Increment > 24 : 25"],
    ["0-30\t0\t*/2\t?\tMAY\tMON#2", "ok"],
    ["10-5  */15  0  0  ?  ?", "Day of month values must be between 1 and 31"],
    ["*/5 L 9-11,14-16 */31 * FRI-MON", "Support for specifying both a day-of-week AND a day-of-month parameter is not implemented."],
    ["0,15,30 45-15 0 15W L ? 2126", "ok"],
    ["10-5  45-15  0-23/30  1-15  JAN  ?", "ok"],
    ["5/15  45-15  0-23/30  ?  MAY  L", "ok"],
    ["0\t60\t9-11\tL\t*/3\t?", "Minute and Second values must be between 0 and 59"],
    ["10-5 * 12/3 25-5 */3 ? 2126 junk", "ok"],
    ["*X L 0 ? MAY MON-FRI", "ok"],
    ["59 45-15 14-16 ? 1-6 L", "ok"],
    ["0-59/100  */15  0  25-5  12  ?  1970/5", "ok"],
    ["0,15,30  */15  23  ?  MAY  2-6", "ok"],
    ["0-59/100 1,2 */2 ? JAN,JUL 1 2020-2030 junk", "ok"],
    ["0  30  0-23/30  ?  jan-mar  *", "ok"],
    ["* * 22-2 L-2 JAN,JUL ?X 2020-2030 junk", "ok"],
    ["5/15  1,2  14-16  LW  NOV-FEB  ?", "ok"],
    ["0,15,30  30  */2  ?  *  L", "ok"],
    ["0-30  45-15  9-11  ?  12  5#3", "ok"],
    ["7X 1,2 0-23/30 31 MAY ? 1970/5", "ok"],
    ["59 * * ? JAN 1", "ok"],
    ["0  0  0  0W  jan-mar  ?  2126", "ok"],
    ["0-59/100 0 */2 ? jan-mar 1 2020-2030", "ok"],
    ["5/15 * 0-23/30 L-2 MAY ? ", "ok"],
    ["7X L 9-11,14-16 ? 1-6 6L", "ok"],
    ["7X\t45-15\t0\t?\t*/3\t6L", "ok"],
    ["0-30 L */2 ? 12 7", "ok"],
    ["0-30 */15 0 25-5 */3 ?", "ok"],
    ["59\t*\t*\t*/31\tL\t?\t2025\tjunk", "ok"],
    ["*  0-59/5  0  ?  1  SAT,SUN  */10", "ok"],
    ["10-5  30  12/3  L-2  NOV-FEB  ?", "ok"],
    ["5/15 45-15 0 ? jan-mar 6L", "ok"],
    ["5/15  30  */2  ?  L  6L  */10  junk", "ok"],
    ["*X\t1,2\t9-11\t?\tJAN,JUL\tSAT,SUN", "ok"],
    ["7X  30  14-16  ?  12  1", "ok"],
    ["0-30  30  22-2  ?  1  MON#2", "ok"],
    ["*/5\t*\t*/2\t?\tjan-mar\t6L\t2126\tjunk", "ok"],
    ["*X\t*/15\t0-23/30\t?\t*/3\t*", "ok"],
];

/**
 * [job.autoscaler.excluded.periods value, verdict]: "ok", or how the operator's validation failed: "neither" (a part
 * is neither a daily nor a cron expression), "pair" (two parts of the same kind), "more" (more than two parts), or
 * the exception Flink's list parsing threw.
 */
const GOLDEN_PERIODS: [string, string][] = [
    ["12:00-10:00", "neither"],
    ["10:00-10:00", "neither"],
    ["9:30-10:50", "ok"],
    ["09:13:17-08:15:18", "neither"],
    ["09:13:17-25:15:18", "neither"],
    ["09:13:17-11:15:18;18:01:20-16:00:00", "neither"],
    ["09:13:17-11:15:18 && 12:01:20-16:00:00", "pair"],
    ["09:13:17-11:15:18;14:01:20-16:00:00", "ok"],
    ["* * * ? * 2,5555", "neither"],
    ["* * * ? * 2,5 && 18:01:20-16:00:00", "neither"],
    ["* * * ? * 2,5 && * * 11-13 * * ?", "pair"],
    ["* * * ? * 2,5 && 14:01:20-16:00:00", "ok"],
    ["* * 14-16 * * ?", "ok"],
    ["9:30 - 10:50", "neither"],
    ["9:30-10:50 ", "ok"],
    [" 9:30-10:50", "ok"],
    ["+9:30-10:50", "ok"],
    ["9:30-10:50-", "ok"],
    ["-9:30-10:50", "neither"],
    ["9::30-10:50", "ok"],
    [":9:30-10:50", "ok"],
    ["9-10", "neither"],
    ["9:30:00:999-9:30:01", "ok"],
    ["9:30:00:1000-9:30:01", "neither"],
    ["23:59:59:998-23:59:59:999", "ok"],
    ["0:0-0:0:0:1", "ok"],
    ["9:30-10:50;", "ok"],
    [";9:30-10:50", "ok"],
    ["9:30-10:50;;10:50-11:00", "neither"],
    ["'9:30-10:50';\"* * 9 * * ?\"", "ok"],
    ["'9:30-10:50", "java.lang.IllegalArgumentException: Could not parse value ''9:30-10:50' for key 'p'."],
    ["'9:30-10:50'x", "java.lang.IllegalArgumentException: Could not parse value ''9:30-10:50'x' for key 'p'."],
    ["&&", "ok"],
    ["&& 9:30-10:50", "neither"],
    ["9:30-10:50 &&", "ok"],
    ["9:30-10:50 && ", "ok"],
    ["9:30-10:50 && * * 9 ? * 2 && 0 0 0 ? * *", "more"],
    ["9:30-10:50 &&& * * 9 ? * 2", "neither"],
    ["", "ok"],
    [";", "ok"],
    [";;", "neither"],
    ["weekends", "neither"],
    ["\u0669:30-10:00", "ok"],
    ["9:30\t-10:00", "neither"],
    ["9:30-10:00 && * * * ? * 2-6 2025", "ok"],
    ["17:23:28-05:30 && 15:41-12:27:11;7X  0-59/5  0-23/30  5L  JAN,JUL  0", "neither"],
    ["9:58-21:04", "ok"],
    ["5/15  30  9-11  L,5  NOV-FEB  LW  */10;*/5 1,2 12/3 ? NOV-FEB 1 */10 junk;1:48-19:0:6:349", "neither"],
    ["22:47:31-24:40 &&  23:31-16:60;*X 0-59/5 12/3 * L 1 &&  04:61-21:61:53", "neither"],
    ['"59 L 12/3 32 MAY ?"', "neither"],
    ["0\t30\t23\tLW\tNOV-FEB\t?\t2025", "ok"],
    ["01:51-11:48&&05:8-9:0;10:31-8:59;22:47-23:6", "pair"],
    ["*/5 0-59/5 0 ? MAY *  junk; 5\t*\t*/2\tL-31\tJAN\t?\t2126", "neither"],
    ["5/15  */15  */2  5L  L  MON#2  3000;25:45:41:31-12:22", "neither"],
    ["15:24:46-5:15", "neither"],
    ["19:40:34:238-23:20 ; 5  */15  23  ?  NOV-FEB  ?X  * ; 00:54-22:44", "neither"],
    ["0-30 * 9-11,14-16 ? MAY 1 2020-2030 junk &&  0-59/100\t0\t24\t15\tJAN,JUL\t?", "neither"],
    ["*X\t0\t22-2\tLW\t*\t?\t2020-2030\tjunk; 9:14-16:6:7:355; 04:37:06-15:18", "ok"],
    ['"0,15,30 0-59/5 0-23/30 31 1 ?"', "ok"],
    ["5\t45-15\t22-2\t32\t13\t? ; 0-59/100  45-15  14-16  ?  L  L && 5/15 0 */2 L,5 MAY 2,5 * ; 5 1,2 */2 1 ? ? 1970/5 junk", "neither"],
    ['"0-30 60 23 L,5 jan-mar 1 */10"', "neither"],
    ["59\t0-59/5\t0\t?\tjan-mar\t2,5555\t*&&5:60:52-7:45:57", "neither"],
    ["* */15 24 L-31 JAN MON-FRI ; 23:33-08:59 ; 17:57:43-11:47:16", "neither"],
    ["*/5\t0\t0\t*\t1-6\t?\t2025;*  5/  23  ?  12  7  2020-2030  junk&&10-5\t0\t14-16\tL-2\tjan-mar\t?;18:19:35:220-6:39:40:311", "neither"],
    ["*X 0-59/5 24 1 1-6 1 2127/1", "neither"],
    ["0-59/100 0-59/5 0 L-2 1-6 2,5 *; 18:30:49-12:13 && 06:37-02:30; 0-59/100 L 0-23/30 1,15 jan-mar 8  junk", "neither"],
    ["7:0-7:11:26:452; 10-5\tL\t*/25\t5L\tJAN\t?\t2025; */5 L 14-16 1 jan-mar SAT,SUN 1970/5 && 16:37-24:33:51", "neither"],
    ['"5\t0\t0\t*\t12\tL\t*/10\tjunk" ; */5  45-15  9-11  32  12  ?  3000 ; 0  60  0-23/30  */31  JAN  ? &&  20:26:38-9:2:20:693', "neither"],
    ["3:36-24:55;6:16:31-9:56 && 22:34-16:21:5;0  *  14-16  1,15  */3  ?  2020-2030", "neither"],
    ["5 */15 12/3 L */3 SAT,SUN ; 5/15 60 12/3 L,5 JAN,JUL ?X", "neither"],
    ["22:1:51:947-17:34&&3:24-6:44:40; 7X 30 14-16 */31 1 2,5 */10 junk &&  0 * 0 25-5 12 2,5555", "neither"],
    ["*/5 60 12/3 1,15 XYZ 8 1 && 59  1,2  12/3  ?  L  *  2025", "neither"],
    ["3:3-8:40 ; 21:8:13-2:47", "neither"],
    ["59  L  14-16  LW  1  6L; 0-59/100  0  *  L  ?  ?", "neither"],
    ["0-30 1,2 14-16 * * ? ", "ok"],
    ['2:12-23:56:1:695;"17:58-9:38:59:806";3:10:38-12:40', "neither"],
    ["20:25-20:12&&19:11-7:33; 12:35-01:19", "neither"],
    ["9:35-4:42:14", "neither"],
    ["0-59/100  60  22-2  0  JAN,JUL  0  3000&&01:4:3-6:19; 19:38-03:47; 7X 5/ */2 L-2 13 2,5", "neither"],
    ['16:20-8:25;"*/5  */15  9-11,14-16  ?  */3  2,5  2126&&3:57:0-7:16";*X\t*/15\t14-16\t*\t*/3\t?&&12:53:51-1:42', "neither"],
    ["2:17-7:25", "ok"],
    ["0-30  */15  9-11  LW  MAY  ?", "ok"],
    ["7:59:9:435-21:25", "ok"],
    ["9:54-13:31:22", "ok"],
    ['"11:49-13:47"', "ok"],
    ["5\t45-15\t23\t*\t12\t?\t*\tjunk", "ok"],
    ["*/5 */15 9-11 */31 NOV-FEB ? 2020-2030", "ok"],
    ["0:21-12:12", "ok"],
    ["0:15-17:47", "ok"],
    ['"11:58:30:186-18:35:17"', "ok"],
    ["0,15,30 30 9-11 ? JAN */2", "ok"],
    ["6:15-19:19", "ok"],
    ["2:44:35:104-23:41:8", "ok"],
    ["03:9-05:24:47:959", "ok"],
    ["01:47-10:17", "ok"],
    ["16:39-21:39", "ok"],
    ["8:56-16:23;0:49-9:40:27", "ok"],
    ["0:49-09:35", "ok"],
    ["6:19-19:1", "ok"],
    ["20:21:22:183-21:30:22:926", "ok"],
    ['"*  30  0  L  L  ? &&  15:26-23:1:09:912"', "ok"],
    ["5:00-12:51", "ok"],
    ['"9:33:2:621-22:9"', "ok"],
    ["10:42-15:4:28", "ok"],
    ["17:42-21:10", "ok"],
];

const KEY = "job.autoscaler.excluded.periods";

function periodFindings(value: string) {
    const doc = applicationDeployment();
    Object.assign(doc.spec.flinkConfiguration, { "job.autoscaler.enabled": "true", [KEY]: value });
    return validate([{ doc }]).findings.filter((f) => f.rule === "autoscaler-excluded-periods");
}

describe("parity: Quartz 2.4.0 cron expressions (golden verdicts of the real CronExpression)", () => {
    for (const [expression, verdict] of GOLDEN_CRON) {
        it(`${JSON.stringify(expression)} → ${verdict === "ok" ? "accepted" : verdict}`, () => {
            assert.strictEqual(quartzCronError(expression) ?? "ok", verdict);
        });
    }

    it("the table holds both verdicts in numbers", () => {
        const accepted = GOLDEN_CRON.filter(([, v]) => v === "ok").length;
        assert.ok(accepted >= 50 && GOLDEN_CRON.length - accepted >= 50, `${accepted} accepted of ${GOLDEN_CRON.length}`);
    });
});

describe("parity: excluded periods through the rule (golden verdicts of CalendarUtils + Quartz + Flink's list parsing)", () => {
    const prefix = (value: string) => `Invalid value ${value} in the autoscaler config ${KEY}`;
    for (const [value, verdict] of GOLDEN_PERIODS) {
        it(`${JSON.stringify(value)} → ${verdict}`, () => {
            const findings = periodFindings(value);
            if (verdict === "ok") return assert.deepStrictEqual(findings, []);
            assert.strictEqual(findings.length >= 1, true, `expected a finding for ${JSON.stringify(value)}`);
            const message = findings[0].message;
            assert.strictEqual(findings[0].path, "spec.flinkConfiguration");
            if (verdict === "neither") assert.ok(message.includes(", the value is neither a valid daily expression nor a valid cron expression"), message);
            else if (verdict === "pair")
                assert.ok(message.includes("can not be configured as dailyExpression && dailyExpression or cronExpression && cronExpression"), message);
            else if (verdict === "more") assert.ok(message.includes('at most one "&&"'), message);
            else
                assert.ok(
                    verdict.startsWith("java.lang.IllegalArgumentException: Could not parse value") &&
                        message.startsWith(`The autoscaler config ${KEY} cannot be read as a list: Could not split string.`),
                    message,
                );
            if (!verdict.startsWith("java")) {
                assert.ok(message.startsWith(prefix(message.slice(14, message.indexOf(" in the autoscaler config ")))), message);
                // Every message ends with what to do.
                assert.match(message, /Use a daily period such as 9:30-10:50/);
            }
        });
    }
});

// ---- properties ------------------------------------------------------------------------------------------------

const FIELDS = [
    { name: "second", min: 0, max: 59, message: "Minute and Second values must be between 0 and 59" },
    { name: "minute", min: 0, max: 59, message: "Minute and Second values must be between 0 and 59" },
    { name: "hour", min: 0, max: 23, message: "Hour values must be between 0 and 23" },
    { name: "day-of-month", min: 1, max: 31, message: "Day of month values must be between 1 and 31" },
    { name: "month", min: 1, max: 12, message: "Month values must be between 1 and 12" },
    { name: "day-of-week", min: 1, max: 7, message: "Day-of-Week values must be between 1 and 7" },
];
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** One comma-list item within [min, max]: a value, a range (possibly wrapping), a stepped range or value, or a name. */
function item(field: (typeof FIELDS)[number], index: number): fc.Arbitrary<string> {
    const value = fc.integer({ min: field.min, max: field.max });
    // Steps are bounded per field by Quartz (seconds 59, hours 23, days 31, months 12, weekdays 7).
    const step = fc.integer({ min: 1, max: Math.min(field.max, 7) });
    const forms: fc.Arbitrary<string>[] = [
        value.map(String),
        fc.tuple(value, value).map(([a, b]) => `${a}-${b}`),
        fc.tuple(value, value, step).map(([a, b, s]) => `${a}-${b}/${s}`),
        fc.tuple(value, step).map(([a, s]) => `${a}/${s}`),
        step.map((s) => `*/${s}`),
    ];
    if (index === 4)
        forms.push(
            fc.constantFrom(...MONTHS, ...MONTHS.map((m) => m.toLowerCase())),
            fc.tuple(fc.constantFrom(...MONTHS), fc.constantFrom(...MONTHS)).map(([a, b]) => `${a}-${b}`),
        );
    if (index === 5)
        forms.push(
            fc.constantFrom(...DAYS, ...DAYS.map((d) => d.toLowerCase())),
            fc.tuple(fc.constantFrom(...DAYS), fc.constantFrom(...DAYS)).map(([a, b]) => `${a}-${b}`),
        );
    return fc.oneof(...forms);
}

function field(index: number): fc.Arbitrary<string> {
    return fc.oneof(
        fc.constant("*"),
        fc.array(item(FIELDS[index], index), { minLength: 1, maxLength: 3 }).map((items) => items.join(",")),
    );
}

/** A well-formed expression: every field in range, exactly one of the day fields "?", an optional year. */
const wellFormed = fc
    .tuple(
        field(0),
        field(1),
        field(2),
        field(3),
        field(4),
        field(5),
        fc.boolean(),
        fc.option(fc.integer({ min: 1970, max: 2099 }), { nil: undefined }),
        fc.constantFrom(" ", "  ", "\t"),
    )
    .map(([s, m, h, dom, mon, dow, questionInDom, year, sep]) =>
        [s, m, h, questionInDom ? "?" : dom, mon, questionInDom ? dow : "?", ...(year === undefined ? [] : [String(year)])].join(sep),
    );

describe("parity: Quartz cron properties", () => {
    it("every well-formed expression (values, ranges, wrapping ranges, steps, names in any case, one '?') is accepted", () => {
        fc.assert(
            fc.property(wellFormed, (expression) => quartzCronError(expression) === undefined),
            { numRuns: 1000 },
        );
    });

    it("a value past its field's range, anywhere in a well-formed expression, is refused with that field's message", () => {
        const outOfRange = fc.integer({ min: 0, max: 5 }).chain((index) =>
            fc.tuple(
                fc.constant(index),
                // 98 and 99 are Quartz's internal markers for ? and *: its range checks let them through (see below).
                fc.integer({ min: FIELDS[index].max + 1, max: 999 }).filter((v) => v !== 98 && v !== 99),
                wellFormed,
            ),
        );
        fc.assert(
            fc.property(outOfRange, ([index, value, expression]) => {
                const fields = expression.split(/[ \t]+/);
                fields[index] = String(value);
                // The '?' goes to the other day field when the bad value lands in one of them.
                if (index === 3) fields[5] = "?";
                if (index === 5) fields[3] = "?";
                return quartzCronError(fields.join(" ")) === FIELDS[index].message;
            }),
            { numRuns: 500 },
        );
    });

    it("99 and 98 slip through Quartz's range checks (they are its markers for * and ?), as confirmed against Quartz", () => {
        assert.strictEqual(quartzCronError("0 0 99 ? * *"), undefined);
        assert.strictEqual(quartzCronError("99 99 99 ? 99 *"), undefined);
        assert.strictEqual(quartzCronError("0 0 0 98 * ?"), "'?' can only be specified for Day-of-Month -OR- Day-of-Week.");
        assert.strictEqual(quartzCronError("0 0 0 ? 98 *"), "Month values must be between 1 and 12");
    });

    it("setting both day fields, or neither, is refused with Quartz's message", () => {
        fc.assert(
            fc.property(wellFormed, fc.boolean(), (expression, both) => {
                const fields = expression.split(/[ \t]+/);
                if (both) {
                    fields[3] = fields[3] === "?" ? "1" : fields[3];
                    fields[5] = fields[5] === "?" ? "1" : fields[5];
                    return quartzCronError(fields.join(" ")) === "Support for specifying both a day-of-week AND a day-of-month parameter is not implemented.";
                }
                fields[3] = "?";
                fields[5] = "?";
                return quartzCronError(fields.join(" ")) === "'?' can only be specified for Day-of-Month -OR- Day-of-Week.";
            }),
            { numRuns: 300 },
        );
    });

    it("fewer than six fields is the end of the expression; fields after the seventh are ignored, as in Quartz", () => {
        fc.assert(
            fc.property(
                wellFormed,
                fc.integer({ min: 1, max: 5 }),
                fc.array(fc.stringMatching(/^[A-Za-z0-9]{1,6}$/), { minLength: 1, maxLength: 3 }),
                (expression, keep, extra) => {
                    const fields = expression.split(/[ \t]+/).slice(0, 6);
                    const short = quartzCronError(fields.slice(0, keep).join(" ")) === "Unexpected end of expression.";
                    const long = quartzCronError([...fields, "2030", ...extra].join(" ")) === undefined;
                    return short && long;
                },
            ),
            { numRuns: 300 },
        );
    });

    it("a year range of any size is read without building it (Quartz itself would fill a set of two billion years)", () => {
        assert.strictEqual(quartzCronError("0 0 0 ? * * 1970-2000000000"), undefined);
        assert.strictEqual(
            quartzCronError("0 0 0 ? * * 2000000000-1970"),
            "Illegal cron expression format (java.lang.IllegalArgumentException: Start year must be less than stop year)",
        );
    });

    it("never throws on any string", () => {
        fc.assert(
            fc.property(
                fc.oneof(
                    fc.string({ maxLength: 60 }),
                    fc.string({ maxLength: 30, unit: "binary" }),
                    fc
                        .array(fc.constantFrom("*", "?", "L", "W", "#", "/", "-", ",", " ", "1", "5", "31", "JAN", "MON", "0"), { maxLength: 30 })
                        .map((a) => a.join("")),
                ),
                (text) => {
                    const message = quartzCronError(text);
                    return message === undefined || typeof message === "string";
                },
            ),
            { numRuns: 2000 },
        );
    });
});

/** Independent oracle for a daily time: hour 0-23, minute and second 0-59, millis 0-999. */
const time = fc.tuple(
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 61 }),
    fc.option(fc.integer({ min: 0, max: 61 }), { nil: undefined }),
    fc.option(fc.integer({ min: 0, max: 1001 }), { nil: undefined }),
    fc.boolean(),
);
type Time = [number, number, number | undefined, number | undefined, boolean];
const spell = ([h, m, s, ms, pad]: Time) =>
    [h, m, ...(s === undefined ? [] : [s, ...(ms === undefined ? [] : [ms])])].map((v) => (pad ? String(v).padStart(2, "0") : String(v))).join(":");
/** Milliseconds are only written (and read) after seconds. */
const parts = ([h, m, s, ms]: Time) => [h, m, s ?? 0, s === undefined ? 0 : (ms ?? 0)];
const valid = (t: Time) => {
    const [h, m, s, ms] = parts(t);
    return h <= 23 && m <= 59 && s <= 59 && ms <= 999;
};
const millis = (t: Time) => {
    const [h, m, s, ms] = parts(t);
    return ((h * 60 + m) * 60 + s) * 1000 + ms;
};

describe("parity: Quartz DailyCalendar properties", () => {
    it("start-end is accepted exactly when both times are in range and the start is before the end", () => {
        fc.assert(
            fc.property(time, time, (a, b) => {
                const ok = valid(a) && valid(b) && millis(a as Time) < millis(b as Time);
                const text = `${spell(a as Time)}-${spell(b as Time)}`;
                return (quartzDailyError(text) === undefined) === ok && (excludedPeriodError(text) === undefined) === ok;
            }),
            { numRuns: 2000 },
        );
    });

    it("spaces around '-' are refused (Integer.parseInt does not trim); a daily && a cron is accepted when each is", () => {
        fc.assert(
            fc.property(time, time, wellFormed, (a, b, cron) => {
                const daily = `${spell(a as Time)}-${spell(b as Time)}`;
                const ok = valid(a) && valid(b) && millis(a as Time) < millis(b as Time);
                const spaced = quartzDailyError(`${spell(a as Time)} - ${spell(b as Time)}`) !== undefined;
                return (
                    spaced &&
                    (excludedPeriodError(`${daily} && ${cron}`) === undefined) === ok &&
                    (excludedPeriodError(`${cron}&&${daily}`) === undefined) === ok
                );
            }),
            { numRuns: 500 },
        );
    });
});

describe("parity: Flink list parsing of the option", () => {
    const plain = fc
        .stringMatching(/^[0-9A-Za-z*?:,/# -]{1,20}$/)
        .map((s) => s.trim())
        .filter((s) => s !== "");
    it("plain items joined by ';' come back trimmed, in order", () => {
        fc.assert(
            fc.property(fc.array(plain, { minLength: 1, maxLength: 5 }), fc.constantFrom(";", "; ", " ; "), (items, sep) => {
                assert.deepStrictEqual(splitFlinkList(items.join(sep)), items);
            }),
            { numRuns: 500 },
        );
    });

    it("quoted items keep ';' and doubled quotes; two ';' in a row give an empty item, which the rule refuses", () => {
        fc.assert(
            fc.property(fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 4 }), (items) => {
                const quoted = items.map((i) => `'${i.replace(/'/g, "''")}'`).join(";");
                assert.deepStrictEqual(splitFlinkList(quoted), items);
            }),
            { numRuns: 500 },
        );
        assert.deepStrictEqual(splitFlinkList("a;;b"), ["a", "", "b"]);
        assert.deepStrictEqual(splitFlinkList(";a;"), ["a"]);
        assert.strictEqual(periodFindings("9:00-10:00;;10:00-11:00").length, 1);
        assert.strictEqual(periodFindings("9:00-10:00;").length, 0);
    });
});
