drop view "public"."switcharoo";

drop view "public"."strange_view(what)";

alter table "public"."t" add column "b" integer;

create materialized view "public"."switcharoo" as SELECT 1 AS a;

create view "public"."strange_view(what)" as SELECT (("strange_name(((yo?)))".id)::integer * 2) AS a
   FROM public."strange_name(((yo?)))";
