create collation "public"."posix" (provider = libc, lc_collate = 'POSIX', lc_ctype = 'POSIX');

alter table "public"."t" drop column "c";

alter table "public"."t" alter column "b" set data type text collate public.posix using "b"::text;
