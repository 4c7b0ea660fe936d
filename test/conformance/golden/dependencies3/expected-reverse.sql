drop materialized view "public"."switcharoo";

drop view "public"."strange_view(what)";

alter table "public"."t" drop column "b";

create view "public"."switcharoo" as SELECT 1 AS a;

create view "public"."strange_view(what)" as SELECT "strange_name(((yo?)))".id
   FROM public."strange_name(((yo?)))";
