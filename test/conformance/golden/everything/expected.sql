set check_function_bodies = off;

create schema if not exists "evenbetterschema";

create extension if not exists "hstore" with schema "public";

create extension if not exists "citext" with schema "public";

alter type "public"."shipping_status" rename to "shipping_status__old_version_to_be_dropped";

alter type "public"."unused_enum" rename to "unused_enum__old_version_to_be_dropped";

drop view "public"."vvv";

drop materialized view "public"."matvvv";

alter table "public"."products" drop constraint "products_z_fkey";

alter table "public"."products" drop constraint "products_zz_fkey";

alter table "public"."aunwanted" drop constraint "aunwanted_pkey";

alter table "public"."products" drop constraint "products_name_key";

alter table "public"."products" drop constraint "products_x_key";

alter table "public"."products" drop constraint "x";

drop index "public"."products_x_idx";

drop index "public"."orders_order_id_idx";

drop index "public"."products_price_idx";

alter table "public"."orders" alter column "order_id" drop default;

alter table "public"."products" drop column "oldcolumn";

alter table "public"."products" drop column "z";

alter table "public"."products" drop column "zz";

drop table "public"."columnless_table";

drop table "public"."aunwanted";

drop sequence if exists "public"."aunwanted_id_seq";

drop sequence if exists "public"."orders_order_id_seq";

create type "public"."bug_status" as enum ('new', 'open', 'closed');

create type "public"."shipping_status" as enum ('not shipped', 'shipped', 'delivered');

create type "public"."unused_enum" as enum ('a', 'b', 'c');

create sequence "public"."products_product_no_seq" as integer increment by 1 minvalue 1 maxvalue 2147483647 start with 1 cache 1 no cycle;

create sequence "public"."bug_id_seq" as integer increment by 1 minvalue 1 maxvalue 2147483647 start with 1 cache 1 no cycle;

create table "public"."columnless_table2" (
);

create table "public"."order_items" (
    "product_no" integer not null,
    "order_id" integer not null,
    "quantity" integer
);

create table "public"."bug" (
    "id" integer default nextval('public.bug_id_seq'::regclass) not null,
    "description" text,
    "status" text
);

alter table "public"."change_to_logged" set logged;

alter table "public"."change_to_unlogged" set unlogged;

alter table "public"."orders" alter column "status2" set data type text using "status2"::text::text;

alter table "public"."orders" add column "h" public.hstore;

alter table "public"."products" alter column "product_no" set not null;

alter table "public"."products" alter column "product_no" set default nextval('public.products_product_no_seq'::regclass);

alter table "public"."products" alter column "name" set data type text using "name"::text;

alter table "public"."products" alter column "name" drop not null;

alter table "public"."products" alter column "price" set not null;

alter table "public"."products" alter column "price" set default 100;

alter table "public"."products" alter column "x" drop default;

alter table "public"."products" alter column "x" drop not null;

alter table "public"."products" add column "newcolumn" text;

alter table "public"."products" add column "newcolumn2" interval;

alter table "public"."orders" alter column "status" set data type public.shipping_status using "status"::text::public.shipping_status;

alter sequence "public"."products_product_no_seq" owned by "public"."products"."product_no";

alter sequence "public"."bug_id_seq" owned by "public"."bug"."id";

CREATE OR REPLACE FUNCTION public.newfunc(i integer, t text[])
 RETURNS TABLE(a text, c integer)
 LANGUAGE plpgsql
 STABLE STRICT
AS $function$
 declare
        BEGIN
                select 'no', 1;
        END;

$function$;

CREATE OR REPLACE FUNCTION public.changed(i integer, t text[])
 RETURNS TABLE(a text, c integer)
 LANGUAGE plpgsql
 STRICT SECURITY DEFINER
AS $function$
 declare
        BEGIN
                select 'no', 1;
        END;

$function$;

create view "public"."vvv" as SELECT 2 AS a;

create materialized view "public"."matvvv" as SELECT 2 AS a;

CREATE INDEX products_name_idx ON public.products USING btree (name);

alter table "public"."products" add constraint "y" CHECK ((price > (0)::numeric));

alter table "public"."products" add constraint "products_pkey" PRIMARY KEY (product_no);

alter table "public"."order_items" add constraint "order_items_pkey" PRIMARY KEY (product_no, order_id);

alter table "public"."products" add constraint "x" CHECK ((price > (10)::numeric));

alter table "public"."order_items" add constraint "order_items_product_no_fkey" FOREIGN KEY (product_no) REFERENCES public.products(product_no) ON DELETE RESTRICT;

alter table "public"."order_items" add constraint "order_items_order_id_fkey" FOREIGN KEY (order_id) REFERENCES public.orders(order_id) ON DELETE CASCADE;

drop type "public"."unwanted_enum";

drop type "public"."shipping_status__old_version_to_be_dropped";

drop type "public"."unused_enum__old_version_to_be_dropped";

drop extension if exists "pg_trgm";

drop schema if exists "badschema";
