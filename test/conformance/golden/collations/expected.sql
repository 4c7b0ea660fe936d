alter table "public"."t" alter column "b" set data type text collate public."numeric" using "b"::text;

drop collation if exists "public"."posix";

alter table "public"."t" add column "c" text collate public."numeric";
